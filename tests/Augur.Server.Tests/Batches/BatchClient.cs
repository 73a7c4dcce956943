using System.Net;
using System.Text.Json;

namespace Augur.Server.Batches.Tests;

/// <summary>Submits and polls Workers AI batches over HTTP, as a client script would.</summary>
internal static class BatchClient
{
    /// <summary>Submits <paramref name="body"/> to <paramref name="path"/> and returns the <c>request_id</c> (asserting the queued answer).</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string body, string path = "", string model = AugurTestServer.Model)
    {
        using HttpResponseMessage response = await client.PostAsync(path.Length > 0 ? path : AugurTestServer.RunPath() + "?queueRequest=true", AugurTestServer.Json(body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        JsonElement result = JsonDocument.Parse(text).RootElement.GetProperty("result");
        Assert.Equal(["status", "request_id", "model"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("queued", result.GetProperty("status").GetString());
        Assert.Equal(model, result.GetProperty("model").GetString());
        return result.GetProperty("request_id").GetString()!;
    }

    /// <summary>Polls until the batch is done (at most <paramref name="timeout"/>); returns the envelope's result.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string requestId, TimeSpan? timeout = null, string? path = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            JsonElement result = await PollAsync(client, requestId, path);
            if (result.TryGetProperty("responses", out _))
                return result;
            Assert.Contains(result.GetProperty("status").GetString(), new[] { "queued", "running" });
            Assert.True(DateTime.UtcNow < deadline, $"batch {requestId} still {result.GetProperty("status")}");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> PollAsync(HttpClient client, string requestId, string? path = null)
    {
        using HttpResponseMessage response = await client.PostAsync(path ?? AugurTestServer.RunPath(), AugurTestServer.Json($$"""{"request_id":"{{requestId}}"}"""));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("result").Clone();
    }

    /// <summary>The responses by id.</summary>
    public static Dictionary<int, JsonElement> ById(JsonElement done) =>
        done.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt32(), r => r.Clone());
}
