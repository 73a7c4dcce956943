using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Augur.Models;
using Augur.Tests.Common;

namespace Augur.Server.Finetunes.Tests;

/// <summary>A test server whose stories260K accepts LoRA, plus the HTTP calls wrangler makes.</summary>
internal static class FinetuneServer
{
    public static Task<AugurTestServer> StartAsync(Action<Dictionary<string, string?>>? configure = null) => AugurTestServer.StartAsync(settings =>
    {
        settings["Augur:Models:0:Name"] = AugurTestServer.Model;
        settings["Augur:Models:0:File"] = TestModels.Stories260KBin;
        settings["Augur:Models:0:Tokenizer"] = TestModels.Tok512Bin;
        settings["Augur:Models:0:Lora"] = "true";
        configure?.Invoke(settings);
    });

    public static ModelConfig Stories260KConfig()
    {
        using ModelFile file = ModelFile.Open(TestModels.Stories260KBin, TestModels.Tok512Bin);
        return file.Config;
    }

    public static string FinetunesPath(string account = AugurTestServer.Account) => $"client/v4/accounts/{account}/ai/finetunes";

    /// <summary>wrangler's create: <c>fetch(url, {method: "POST", body: JSON.stringify({model, name, description})})</c>, so text/plain.</summary>
    public static async Task<HttpResponseMessage> CreateAsync(HttpClient client, string name, string model = AugurTestServer.Model) =>
        await client.PostAsync(FinetunesPath(), new StringContent(JsonSerializer.Serialize(new { model, name, description = "a test adapter" }), Encoding.UTF8, "text/plain"));

    /// <summary>wrangler's upload: a FormData with <c>file_name</c>, then <c>file</c> (a File named like the asset).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string finetune, string fileName, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(fileName), "file_name");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", Path.GetFileName(fileName));
        return await client.PostAsync($"{FinetunesPath()}/{finetune}/finetune-assets", form);
    }

    public static async Task<JsonElement> ResultAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.GetProperty("success").GetBoolean());
        return json.RootElement.GetProperty("result").Clone();
    }
}
