using Augur.Engine.Kv;
using Augur.Engine.Model;
using Augur.Engine.Requests;

namespace Augur.Engine.Scheduling.Tests;

/// <summary>The scheduler alone, on a real cache, with the forward pass simulated: each step advances the scheduled tables.</summary>
public sealed class SchedulerTests : IDisposable
{
    private readonly KvCache _cache = new(1, 8, new KvCacheOptions { BlockCount = 6, BlockTokens = 4 });
    private readonly ForwardBatch _batch = new(64);
    private readonly List<ScheduledSequence> _scheduled = [];
    private readonly List<Sequence> _exhausted = [];
    private long _id;

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void WhenBlocksRunOut_TheMostRecentlyAdmittedOfTheLowestPriorityIsPreemptedFirst()
    {
        var scheduler = new Scheduler(_cache, new EngineOptions { MaxBatchTokens = 64, PrefillChunkTokens = 64 });
        Sequence batchWork = New(RequestPriority.Batch, 7);
        scheduler.Add(batchWork);
        Step(scheduler);
        Sequence first = New(RequestPriority.Interactive, 7), second = New(RequestPriority.Interactive, 7);
        scheduler.Add(first);
        scheduler.Add(second);
        Step(scheduler); // the pool is full: 3 × 2 blocks
        Assert.Equal(0, _cache.FreeBlocks);
        Assert.Equal([first, second, batchWork], scheduler.Running); // interactive first, each class by admission

        Step(scheduler); // each needs a third block for position 8: batch work goes first, though admitted first
        Assert.Equal(SequenceStatus.Waiting, batchWork.Status);
        Assert.Equal(0, batchWork.Table.Length);
        Assert.Equal([first, second], scheduler.Running);
        Assert.Equal(1, batchWork.Preemptions);

        // Keep decoding (positions 8–11 take the freed blocks): at position 12 both need a fourth block, and only
        // the most recently admitted one yields.
        for (int i = 0; i < 4; i++)
            Step(scheduler);
        Assert.Equal([first, second], scheduler.Running);
        Step(scheduler);
        Assert.Equal([first], scheduler.Running);
        Assert.Equal(SequenceStatus.Waiting, second.Status);
        Assert.Equal(2, scheduler.Preemptions);
    }

    [Fact]
    public void PrefillIsChunked_AndDecodesGoFirst_WithinTheTokenBudget()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 64, BlockTokens = 4 });
        var scheduler = new Scheduler(cache, new EngineOptions { MaxBatchTokens = 10, PrefillChunkTokens = 6, MaxRunningSequences = 10 });
        Sequence decoding = New(RequestPriority.Interactive, 3, cache);
        scheduler.Add(decoding);
        Step(scheduler);
        Sequence longPrompt = New(RequestPriority.Interactive, 20, cache), other = New(RequestPriority.Interactive, 8, cache);
        scheduler.Add(longPrompt);
        scheduler.Add(other);

        Step(scheduler);
        Assert.Equal([(decoding, 1), (longPrompt, 6), (other, 3)], _scheduled.Select(s => (s.Sequence, s.Tokens)));
        Step(scheduler);
        Assert.Equal([(decoding, 1), (longPrompt, 6), (other, 3)], _scheduled.Select(s => (s.Sequence, s.Tokens)));
        Assert.Equal(-1, _scheduled[1].LogitsRow); // mid-prompt: no logits wanted
        Step(scheduler);
        Assert.Equal([(decoding, 1), (longPrompt, 6), (other, 2)], _scheduled.Select(s => (s.Sequence, s.Tokens)));
        Assert.True(_scheduled[2].LogitsRow >= 0);
    }

    private Sequence New(RequestPriority priority, int promptTokens, KvCache? cache = null)
    {
        var request = new GenerationRequest { PromptTokens = Enumerable.Range(10, promptTokens).ToArray(), Priority = priority, MaxTokens = 100 };
        return new Sequence(++_id, request, 1000, new BlockTable(cache ?? _cache), 0);
    }

    /// <summary>Schedules, then plays the forward pass: tables advance, and sequences that reached their end sample a token.</summary>
    private void Step(Scheduler scheduler)
    {
        scheduler.Schedule(_batch, _scheduled, _exhausted);
        Assert.Empty(_exhausted);
        foreach (ScheduledSequence entry in _scheduled)
        {
            entry.Sequence.Table.Advance(entry.Sequence.Computed + entry.Tokens);
            if (entry.LogitsRow >= 0)
                entry.Sequence.Append(7);
        }
    }
}
