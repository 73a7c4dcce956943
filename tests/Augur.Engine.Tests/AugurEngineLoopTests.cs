using Augur.Engine.Requests;
using Augur.Engine.Sampling;

namespace Augur.Engine.Tests;

public sealed class AugurEngineLoopTests(EngineModels models) : IClassFixture<EngineModels>
{
    [Fact]
    public async Task TheEngineThread_ServesConcurrentClients_AsIfEachWereAlone()
    {
        LoadedModel m = models.Synthetic;
        var options = new EngineOptions { KvCache = new() { BlockCount = 128 }, MaxBatchTokens = 64, PrefillChunkTokens = 32 };
        var requests = Enumerable.Range(0, 12).Select(i => new GenerationRequest
        {
            PromptTokens = [1, .. Enumerable.Range(20 + i, 5 + 3 * i)],
            MaxTokens = 10 + i,
            Sampling = i % 2 == 0 ? SamplingOptions.Greedy : new SamplingOptions { Temperature = 1f, Seed = (ulong)i },
            IgnoreEndOfGeneration = true,
        }).ToArray();
        Outcome[] alone = EngineDriver.RunAlone(() => models.Engine(m, options), requests.Select(r => new Submission(r)).ToArray());

        using AugurEngine engine = models.Engine(m, options);
        engine.Start();
        Outcome[] together = await Task.WhenAll(requests.Select(r => Task.Run(() => EngineDriver.Collect(engine.Submit(r)))));

        for (int i = 0; i < requests.Length; i++)
            Assert.Equal(alone[i].Tokens, together[i].Tokens);
        Assert.Throws<InvalidOperationException>(() => engine.Step());
        await WaitFor(() => engine.Statistics.KvBlocksUsed == 0);
    }

    [Fact]
    public async Task Dispose_CancelsWhatIsStillRunning_AndRefusesNewWork()
    {
        LoadedModel m = models.Stories260K;
        AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 64 } });
        engine.Start();
        // Disposed from the reader as its sixth token arrives, not after polling the statistics: a polling delay on a
        // loaded machine could let the sequence run into the end of its context first (and finish by length).
        int tokens = 0;
        bool disposing = false;
        GenerationCompleted? completed = null;
        await foreach (GenerationEvent e in engine.Submit(new GenerationRequest { PromptTokens = [1, 5], MaxTokens = 100_000, IgnoreEndOfGeneration = true }))
        {
            if (e is GenerationDelta delta && (tokens += delta.Tokens.Count) > 5 && !disposing)
            {
                disposing = true;
                engine.Dispose();
            }
            else if (e is GenerationCompleted end)
                completed = end;
        }

        Assert.Equal(FinishReason.Cancelled, completed?.FinishReason);
        Assert.True(tokens > 5);
        Assert.Throws<ObjectDisposedException>(() => engine.Submit(new GenerationRequest { PromptTokens = [1] }));
        engine.Dispose(); // twice is harmless
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
