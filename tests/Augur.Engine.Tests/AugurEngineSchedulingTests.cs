using Augur.Engine.Requests;
using Augur.Engine.Scheduling;

namespace Augur.Engine.Tests;

public sealed class AugurEngineSchedulingTests(EngineModels models) : IClassFixture<EngineModels>
{
    [Fact]
    public async Task AnInteractiveRequest_IsAdmittedWithinOneStep_WhenBatchWorkFillsTheKvPool()
    {
        LoadedModel m = models.Stories260K;
        var options = new EngineOptions { KvCache = new() { BlockCount = 16, BlockTokens = 4 }, MaxBatchTokens = 64, PrefillChunkTokens = 64 };
        using AugurEngine engine = models.Engine(m, options);
        var batchWork = Enumerable.Range(0, 4)
            .Select(i => engine.Submit(new GenerationRequest
            {
                PromptTokens = [1, .. Enumerable.Range(10 + i, 10)],
                MaxTokens = 40,
                Priority = RequestPriority.Batch,
                IgnoreEndOfGeneration = true,
            }))
            .Select(EngineDriver.Collect).ToArray();
        for (int step = 0; step < 6; step++)
            engine.Step();
        Assert.Equal(0, engine.Cache.FreeBlocks);
        Assert.Equal(4, engine.Scheduler.Running.Count);

        Task<Outcome> interactive = EngineDriver.Collect(engine.Submit(new GenerationRequest { PromptTokens = [1, 300, 301, 302, 303, 304, 305, 306, 307], MaxTokens = 5 }));
        engine.Step();

        Sequence admitted = Assert.Single(engine.Scheduler.Running, s => s.Priority == RequestPriority.Interactive);
        Assert.Equal(10, admitted.Count); // prompt prefilled in that step, and its first token sampled
        Assert.True(engine.Statistics.Preemptions > 0);
        while (engine.Step())
        {
        }
        Assert.Equal(5, (await interactive).Tokens.Length);
        Assert.All(await Task.WhenAll(batchWork), o => Assert.Equal(40, o.Tokens.Length)); // preempted work was recomputed and finished
        Assert.Equal(0, engine.Statistics.KvBlocksUsed);
    }

    [Fact]
    public async Task AnInteractiveRequest_TakesTheSlotOfBatchWork_WhenBatchWorkHoldsEveryRunningSlot()
    {
        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 256 }, MaxRunningSequences = 3 });
        Task<Outcome>[] batchWork = Enumerable.Range(0, 3)
            .Select(i => EngineDriver.Collect(engine.Submit(new GenerationRequest { PromptTokens = [1, 20 + i], MaxTokens = 30, Priority = RequestPriority.Batch, IgnoreEndOfGeneration = true })))
            .ToArray();
        engine.Step();
        Assert.Equal(3, engine.Scheduler.Running.Count);

        Task<Outcome> interactive = EngineDriver.Collect(engine.Submit(new GenerationRequest { PromptTokens = [1, 40, 41], MaxTokens = 4 }));
        engine.Step();

        Assert.Contains(engine.Scheduler.Running, s => s.Priority == RequestPriority.Interactive && s.Generated == 1);
        Assert.Equal(3, engine.Scheduler.Running.Count);
        Assert.Equal(1, engine.Statistics.Preemptions);
        while (engine.Step())
        {
        }
        Assert.Equal(4, (await interactive).Tokens.Length);
        Assert.All(await Task.WhenAll(batchWork), o => Assert.Equal(30, o.Tokens.Length));
    }

    [Fact]
    public async Task BatchWork_WaitsWhileInteractiveWorkWaits()
    {
        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 64 }, MaxRunningSequences = 2, MaxBatchTokens = 64 });
        Task<Outcome> background = EngineDriver.Collect(engine.Submit(new GenerationRequest { PromptTokens = [1, 5, 6], MaxTokens = 3, Priority = RequestPriority.Batch }));
        Task<Outcome>[] interactive = Enumerable.Range(0, 3)
            .Select(i => EngineDriver.Collect(engine.Submit(new GenerationRequest { PromptTokens = [1, 7 + i, 8], MaxTokens = 6, IgnoreEndOfGeneration = true })))
            .ToArray();

        engine.Step();
        Assert.All(engine.Scheduler.Running, s => Assert.Equal(RequestPriority.Interactive, s.Priority));
        Assert.Equal(2, engine.Scheduler.Running.Count);
        while (engine.Step())
        {
        }
        Outcome[] served = await Task.WhenAll(interactive);
        Assert.True((await background).Completed.Usage.QueueTime >= served.Max(o => o.Completed.Usage.QueueTime));
    }

    [Fact]
    public async Task AFullQueue_RefusesSubmissions_UntilSequencesAreAdmitted()
    {
        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 64 }, MaxWaitingSequences = 3, MaxRunningSequences = 2 });
        var request = new GenerationRequest { PromptTokens = [1, 5, 6], MaxTokens = 4 };
        var accepted = Enumerable.Range(0, 3).Select(_ => EngineDriver.Collect(engine.Submit(request))).ToList();

        for (int i = 0; i < 100; i++)
            Assert.Throws<EngineOverloadedException>(() => engine.Submit(request));
        engine.Step(); // admits two
        Assert.Equal(1, engine.Statistics.WaitingSequences);

        accepted.Add(EngineDriver.Collect(engine.Submit(request)));
        accepted.Add(EngineDriver.Collect(engine.Submit(request)));
        Assert.Throws<EngineOverloadedException>(() => engine.Submit(request));
        while (engine.Step())
        {
        }
        Assert.All(await Task.WhenAll(accepted), o => Assert.Equal(4, o.Tokens.Length));
    }

    [Fact]
    public void ASequenceLongerThanTheWholeCache_EndsWithLength_WithoutStallingOthers()
    {
        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 4, BlockTokens = 4 } });
        Outcome[] outcomes = EngineDriver.Run(engine,
        [
            new Submission(new GenerationRequest { PromptTokens = [1, 5, 6, 7, 8], MaxTokens = 100, IgnoreEndOfGeneration = true }),
            new Submission(new GenerationRequest { PromptTokens = [1, 9], MaxTokens = 3, IgnoreEndOfGeneration = true }, ArrivalStep: 2),
        ]);

        Assert.Equal(FinishReason.Length, outcomes[0].Completed.FinishReason);
        Assert.Equal(16 - 5 + 1, outcomes[0].Tokens.Length); // 16 slots; the last sampled token needs none
        Assert.Equal(3, outcomes[1].Tokens.Length);
        Assert.Equal(0, engine.Statistics.KvBlocksUsed);
    }
}
