using System.Net;
using System.Text.Json;

namespace Augur.Server.Apis.Tests;

/// <summary>The plain OpenAI routes' wire format: <c>/v1/completions</c> (streamed and not) and <c>/v1/models</c>.</summary>
public sealed class OpenAiRoutesTests : IClassFixture<ServerFixture>
{
    private readonly AugurTestServer _server;

    public OpenAiRoutesTests(ServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task Completions_NotStreamed_DefaultsToSixteenTokens()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync("v1/completions",
            AugurTestServer.Json("""{"model":"@local/stories260k","prompt":"Once upon a time","temperature":0}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        JsonElement choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("text").GetString()));
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(16, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_StreamedWithUsage_EndsWithFinishUsageAndDone()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync("v1/completions",
            AugurTestServer.Json("""{"model":"@local/stories260k","prompt":"Once upon a time","max_tokens":5,"temperature":0,"stream":true,"stream_options":{"include_usage":true}}"""));
        string[] events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("data: [DONE]", events[^1]);
        using JsonDocument last = JsonDocument.Parse(events[^2]["data: ".Length..]);
        Assert.Equal("length", last.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(5, last.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.All(events[..^2], e => Assert.Contains("\"finish_reason\":null", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Models_ListsTheCatalog()
    {
        using HttpResponseMessage response = await _server.Client.GetAsync("v1/models");

        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        JsonElement model = Assert.Single(json.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(AugurTestServer.Model, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
    }
}
