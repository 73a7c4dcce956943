using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Augur.Server.Batches.Tests;

#pragma warning disable OPENAI001 // the SDK's batch client is experimental

/// <summary>OpenAI's batch API as scripts drive it: the official SDK's file and batch clients, raw HTTP where the SDK has no typed call.</summary>
internal static class OpenAiBatchClient
{
    public static OpenAIClient SdkClient(AugurTestServer server, string token = AugurTestServer.Token) =>
        new(new ApiKeyCredential(token), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });

    /// <summary>A JSONL line asking <paramref name="url"/> for <paramref name="body"/> (a JSON object, its model added).</summary>
    public static string Line(string customId, string body, string url = "/v1/chat/completions") =>
        $$"""{"custom_id":"{{customId}}","method":"POST","url":"{{url}}","body":{"model":"{{AugurTestServer.Model}}",{{body[1..]}}}""";

    public static async Task<OpenAIFile> UploadAsync(OpenAIClient sdk, IEnumerable<string> lines) =>
        await sdk.GetOpenAIFileClient().UploadFileAsync(BinaryData.FromString(string.Join('\n', lines) + "\n"), "input.jsonl", FileUploadPurpose.Batch);

    /// <summary>Creates a batch of <paramref name="fileId"/> with the SDK; returns the operation and the batch object it answered.</summary>
    public static async Task<(CreateBatchOperation Operation, JsonElement Batch)> CreateAsync(OpenAIClient sdk, string fileId, string endpoint = "/v1/chat/completions", string metadata = "null")
    {
        string body = $$"""{"input_file_id":"{{fileId}}","endpoint":"{{endpoint}}","completion_window":"24h","metadata":{{metadata}}}""";
        CreateBatchOperation operation = await sdk.GetBatchClient().CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(body)), waitUntilCompleted: false);
        return (operation, Parse(operation.GetRawResponse().Content));
    }

    /// <summary>Polls with the SDK until the batch is done (at most a minute); returns the batch object.</summary>
    public static async Task<JsonElement> WaitAsync(CreateBatchOperation operation)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!operation.HasCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the batch did not finish");
            await Task.Delay(50);
            await operation.UpdateStatusAsync();
        }
        return Parse((await operation.GetBatchAsync(null)).GetRawResponse().Content);
    }

    /// <summary>The lines of a downloaded file, by custom_id.</summary>
    public static async Task<Dictionary<string, JsonElement>> DownloadAsync(OpenAIClient sdk, string fileId)
    {
        BinaryData content = await sdk.GetOpenAIFileClient().DownloadFileAsync(fileId);
        return content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToDictionary(l => l.GetProperty("custom_id").GetString()!);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return Parse(BinaryData.FromString(text));
    }

    /// <summary>Uploads raw bytes as a multipart form (as curl -F would).</summary>
    public static async Task<HttpResponseMessage> UploadRawAsync(HttpClient client, string content, string purpose = "batch")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(purpose), "purpose");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "raw.jsonl");
        return await client.PostAsync("v1/files", form);
    }

    public static JsonElement Parse(BinaryData json)
    {
        using JsonDocument document = JsonDocument.Parse(json.ToString());
        return document.RootElement.Clone();
    }

    private static JsonElement Parse(string json) => Parse(BinaryData.FromString(json));
}
