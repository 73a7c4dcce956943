using System.Text.Json;

namespace Augur.Server.Sdk.Tests;

/// <summary>
/// The official Cloudflare SDK (npm <c>cloudflare</c>, pinned by this folder's package-lock.json and installed by
/// <c>npm ci</c> in .ci/run) drives the real server through <c>script.mjs</c>: <c>ai.run</c> with a prompt, with
/// messages and streamed, and <c>ai.models.list</c>. Node is required: without it the test fails.
/// </summary>
public sealed class CloudflareSdkTests : IClassFixture<ServerFixture>
{
    private readonly AugurTestServer _server;

    public CloudflareSdkTests(ServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task CloudflareSdk_RunsPromptMessagesStreamAndListsModels()
    {
        using JsonDocument output = await RunScriptAsync(_server.BaseAddress.ToString(), AugurTestServer.Account, AugurTestServer.Token, AugurTestServer.Model);
        JsonElement root = output.RootElement;

        foreach (string form in new[] { "prompt", "messages" })
        {
            JsonElement result = root.GetProperty(form);
            Assert.False(string.IsNullOrEmpty(result.GetProperty("response").GetString()), form);
            JsonElement usage = result.GetProperty("usage");
            Assert.Equal(12, usage.GetProperty("completion_tokens").GetInt32());
            Assert.InRange(usage.GetProperty("prompt_tokens").GetInt32(), 2, 60);
            Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 12, usage.GetProperty("total_tokens").GetInt32());
        }

        JsonElement stream = root.GetProperty("stream");
        Assert.StartsWith("text/event-stream", stream.GetProperty("contentType").GetString(), StringComparison.Ordinal);
        Assert.True(stream.GetProperty("done").GetBoolean(), "the stream ended without data: [DONE]");
        Assert.InRange(stream.GetProperty("events").GetInt32(), 2, 13); // text pieces plus the closing usage event
        Assert.Equal(12, stream.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        // Same prompt, seed and settings as the plain run: the streamed text is the same text.
        Assert.Equal(root.GetProperty("prompt").GetProperty("response").GetString(), stream.GetProperty("text").GetString());

        JsonElement model = Assert.Single(root.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == AugurTestServer.Model);
        Assert.True(Guid.TryParse(model.GetProperty("id").GetString(), out _));
        Assert.Equal("Text Generation", model.GetProperty("task").GetProperty("name").GetString());
    }

    [Fact]
    public async Task CloudflareSdk_WrongToken_FailsWithTheSdksAuthenticationError()
    {
        NodeScriptResult result = await NodeScript.RunAsync("script.mjs", _server.BaseAddress.ToString(), AugurTestServer.Account, "not-a-token-of-anyone-000000", AugurTestServer.Model);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("401", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> RunScriptAsync(params string[] args)
    {
        NodeScriptResult result = await NodeScript.RunAsync("script.mjs", args);
        Assert.True(result.ExitCode == 0, $"node script.mjs failed ({result.ExitCode}): {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput);
    }
}
