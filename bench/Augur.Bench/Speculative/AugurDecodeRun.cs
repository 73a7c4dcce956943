using System.Diagnostics;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Engine.Speculative;

namespace Augur.Bench.Speculative;

/// <summary>
/// One greedy decode on an <see cref="AugurEngine"/> that is not started, driven step by step: the first steps prefill
/// the prompt and sample the first token (not timed); the rest are timed until the sequence finishes. The engine's
/// statistics before and after give the run's drafting figures.
/// </summary>
internal static class AugurDecodeRun
{
    /// <summary>Engine options for one sequence of <paramref name="promptTokens"/> + <paramref name="decodeTokens"/> positions.</summary>
    /// <remarks>
    /// The whole prompt fits one step, and a draft model catches up on it in its first drafting pass (it drafts only when
    /// at most half its batch is behind). No prefix caching, so that every run starts from the same empty cache.
    /// </remarks>
    public static EngineOptions EngineOptions(int promptTokens, int decodeTokens)
    {
        int positions = promptTokens + decodeTokens + SpeculativeOptions.DraftTokensLimit + 1;
        int blocks = positions / 16 + 2;
        int batch = 2 * (promptTokens + 1) + SpeculativeOptions.DraftTokensLimit + 1;
        return new EngineOptions
        {
            KvCache = new() { BlockCount = blocks },
            DraftKvCache = new() { BlockCount = blocks },
            MaxBatchTokens = batch,
            PrefillChunkTokens = batch,
            MaxRunningSequences = 1,
            MaxWaitingSequences = 1,
            PrefixCaching = false,
            ModelName = "bench-spec",
        };
    }

    /// <summary>Decodes <paramref name="tokens"/> tokens after <paramref name="prompt"/>; returns the timing and every generated token.</summary>
    public static (DecodeSample Sample, int[] Output) Run(
        AugurEngine engine, IReadOnlyList<int> prompt, int tokens, SpeculativeOptions speculation, string? drafter, int round)
    {
        EngineStatistics before = engine.Statistics;
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = tokens, IgnoreEndOfGeneration = true, Speculation = speculation };
        IAsyncEnumerable<GenerationEvent> events = engine.Submit(request);
        while (engine.Statistics.PrefillTokens - before.PrefillTokens < prompt.Count)
        {
            if (!engine.Step())
                throw new InvalidOperationException("The engine stopped before the prompt was prefilled.");
        }

        EngineStatistics prefilled = engine.Statistics;
        long start = Stopwatch.GetTimestamp(), end = start;
        while (engine.Step())
            end = Stopwatch.GetTimestamp();
        double seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        EngineStatistics after = engine.Statistics;

        int[] output = Collect(events).GetAwaiter().GetResult(); // every event is buffered by now: this completes at once
        if (output.Length != tokens)
            throw new InvalidOperationException($"The engine generated {output.Length} tokens, not {tokens}.");
        var sample = new DecodeSample(
            "augur",
            drafter,
            round,
            tokens - 1,
            seconds,
            after.Steps - prefilled.Steps,
            after.DraftedTokens - prefilled.DraftedTokens,
            after.AcceptedDraftTokens - prefilled.AcceptedDraftTokens,
            after.DraftRounds - prefilled.DraftRounds,
            after.DraftRejections - prefilled.DraftRejections,
            after.DraftSeconds - prefilled.DraftSeconds,
            after.ForwardSeconds - prefilled.ForwardSeconds,
            MatchesPlain: true);
        return (sample, output);
    }

    private static async Task<int[]> Collect(IAsyncEnumerable<GenerationEvent> events)
    {
        var tokens = new List<int>();
        await foreach (GenerationEvent e in events.ConfigureAwait(false))
        {
            if (e is GenerationDelta delta)
                tokens.AddRange(delta.Tokens);
            else if (e is GenerationCompleted completed && completed.Error is { } error)
                throw new InvalidOperationException($"The decode failed: {error}");
        }
        return [.. tokens];
    }
}
