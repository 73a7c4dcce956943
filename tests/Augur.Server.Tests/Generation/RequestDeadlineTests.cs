using System.Net;
using System.Text.Json;
using Augur.Engine;
using Augur.Server.Tests;

namespace Augur.Server.Generation.Tests;

/// <summary>
/// The request timeout (<c>Augur:RequestTimeoutSeconds</c>) on the real server and engine. The server's clock is one on
/// which every timer is already due, so each generation's deadline passes as it is submitted: 3007 every time, with no
/// race against the engine's speed.
/// </summary>
public sealed class RequestDeadlineTests : IAsyncLifetime
{
    private AugurTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await AugurTestServer.StartAsync(s => s["Augur:RequestTimeoutSeconds"] = "5", new DueTimersClock());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Run_PastTheDeadline_Is3007With408()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"Once upon a time","max_tokens":400}"""));

        string message = await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.RequestTimeout, 3007);
        Assert.Contains("5 s", message, StringComparison.Ordinal);
        await AssertEngineIdleAsync();
    }

    [Fact]
    public async Task RunStream_PastTheDeadlineBeforeAnyEvent_Is3007With408()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"Once upon a time","stream":true}"""));

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.RequestTimeout, 3007);
    }

    [Fact]
    public async Task OpenAiChat_PastTheDeadline_IsRequestTimeoutInOpenAiStyle()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync("v1/chat/completions",
            AugurTestServer.Json($$"""{"model":"{{AugurTestServer.Model}}","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal("request_timeout", await ResponseAssert.OpenAiErrorAsync(response, HttpStatusCode.RequestTimeout));
    }

    [Fact]
    public async Task WorkersAiChatStream_PastTheDeadlineAfterTheHeaders_EndsWithAnEnvelopeErrorEventAndNoDone()
    {
        string path = $"client/v4/accounts/{AugurTestServer.Account}/ai/v1/chat/completions";
        using HttpResponseMessage response = await _server.Client.PostAsync(path,
            AugurTestServer.Json($$"""{"model":"{{AugurTestServer.Model}}","messages":[{"role":"user","content":"hi"}],"stream":true}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the role chunk went out before the engine's first event
        string[] events = (await response.Content.ReadAsStringAsync())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e["data: ".Length..] : throw new Xunit.Sdk.XunitException($"Not an SSE data event: {e}"))
            .ToArray();
        Assert.DoesNotContain("[DONE]", events);
        using JsonDocument last = JsonDocument.Parse(events[^1]);
        Assert.False(last.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(3007, Assert.Single(last.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("code").GetInt32());
        await AssertEngineIdleAsync();
    }

    /// <summary>The timed-out sequence is gone from the engine and its KV blocks are back.</summary>
    private async Task AssertEngineIdleAsync()
    {
        AugurEngine engine = _server.Models.Engine(_server.Models.Catalog.Entries.Single(e => e.Name == AugurTestServer.Model));
        for (int i = 0; i < 200 && !Idle(engine.Statistics); i++)
            await Task.Delay(10);
        EngineStatistics statistics = engine.Statistics;
        Assert.True(Idle(statistics), $"Still in the engine: {statistics}");

        static bool Idle(EngineStatistics s) => s.RunningSequences == 0 && s.WaitingSequences == 0 && s.KvBlocksUsed == 0;
    }

    /// <summary>A system clock on which every timer is due as soon as it is made: its callback runs before it returns.</summary>
    private sealed class DueTimersClock : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
                callback(state);
            return new SpentTimer();
        }

        private sealed class SpentTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
