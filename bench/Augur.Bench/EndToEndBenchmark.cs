using System.Globalization;

namespace Augur.Bench;

/// <summary>
/// The end-to-end speed comparison: every round runs each engine in turn (ours, then llama.cpp) on the same prompts,
/// timing a prefill of the prompt, a greedy decode at batch 1 and, where the engine can and the test is on, a batched
/// decode of several sequences together; after the warm-up rounds the medians over the measured rounds are reported.
/// Alternating the engines spreads slow drifts of the machine (other load, frequency, heat) over both instead of over
/// whichever ran last.
/// </summary>
public static class EndToEndBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="inputs">The model, the prompts, and the cost and roofline the shares are computed from.</param>
    /// <param name="engines">The engines in round order; the first is ours, a second one the reference the ratio compares with.</param>
    /// <param name="options">Counts and threads (the engines must have been built with the same threads, batch size and batched sequences).</param>
    /// <param name="progress">Called with one line per engine turn and round, e.g. for stderr; may be null.</param>
    public static BenchmarkReport Run(
        BenchmarkInputs inputs,
        IReadOnlyList<IEngineUnderTest> engines,
        EndToEndBenchmarkOptions options,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (engines.Count is < 1 or > 2)
            throw new ArgumentException("Give our engine and at most one reference engine.", nameof(engines));
        if (inputs.BatchedPrompts.Count != options.BatchSequences)
            throw new ArgumentException($"Give {options.BatchSequences} batched prompts, not {inputs.BatchedPrompts.Count}.", nameof(inputs));

        MachineSummary machine = MachineInfo.Capture();
        var samples = new List<RoundSample>[engines.Count];
        for (int e = 0; e < engines.Count; e++)
            samples[e] = new List<RoundSample>(options.Repeats);

        int totalRounds = options.WarmupRounds + options.Repeats, sequence = 0;
        for (int round = 0; round < totalRounds; round++)
        {
            bool warmup = round < options.WarmupRounds;
            string label = warmup
                ? string.Create(CultureInfo.InvariantCulture, $"warm-up {round + 1}/{options.WarmupRounds}")
                : string.Create(CultureInfo.InvariantCulture, $"round {round - options.WarmupRounds + 1}/{options.Repeats}");
            for (int e = 0; e < engines.Count; e++)
            {
                RoundSample sample = Measure(engines[e], inputs, options, round - options.WarmupRounds + 1, sequence);
                progress?.Invoke($"{label} {engines[e].Name}: {Describe(sample)}");
                if (warmup)
                    continue;
                samples[e].Add(sample);
                sequence++;
            }
        }

        var results = new EngineResult[engines.Count];
        for (int e = 0; e < engines.Count; e++)
            results[e] = Summarize(engines[e], samples[e], inputs, options);
        SpeedRatio? ratio = results.Length == 2
            ? new SpeedRatio(
                results[0].Prefill.Median / results[1].Prefill.Median,
                results[0].Decode.Median / results[1].Decode.Median,
                results[0].Batched is { } ours && results[1].Batched is { } theirs ? ours.Median / theirs.Median : null)
            : null;

        return new BenchmarkReport(
            inputs.Model,
            machine with { LoadAfter = MachineInfo.LoadAverage() },
            inputs.Prompt.Length,
            options.DecodeTokens,
            options.BatchSequences,
            options.BatchedPromptTokens,
            options.Threads,
            options.BatchTokens,
            options.Repeats,
            options.WarmupRounds,
            options.Seed,
            inputs.Roofline,
            inputs.Cost,
            results,
            ratio);
    }

    private static RoundSample Measure(IEngineUnderTest engine, BenchmarkInputs inputs, EndToEndBenchmarkOptions options, int round, int sequence)
    {
        BenchmarkPrompt prompt = inputs.Prompt;
        double prefill = engine.Prefill(prompt.Tokens).TotalSeconds;
        double decode = engine.Decode(prompt.FirstDecodeToken, options.DecodeTokens).TotalSeconds;
        double? batched = null, batchedRate = null;
        if (options.BatchSequences > 0 && engine.SupportsBatchedDecode)
        {
            batched = engine.DecodeBatch(inputs.BatchedPrompts, options.DecodeTokens).TotalSeconds;
            batchedRate = Rate(options.BatchSequences * options.DecodeTokens, batched.Value);
        }
        return new RoundSample(round, sequence, prefill, decode, Rate(prompt.Length, prefill), Rate(options.DecodeTokens, decode), batched, batchedRate);
    }

    // A clock too coarse to see the work would give zero seconds; report that as infinitely fast rather than divide by zero.
    private static double Rate(int tokens, double seconds) => seconds > 0 ? tokens / seconds : double.PositiveInfinity;

    private static string Describe(RoundSample s)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"prefill {s.PrefillTokensPerSecond:F2} tok/s ({s.PrefillSeconds:F2} s), decode {s.DecodeTokensPerSecond:F2} tok/s ({s.DecodeSeconds:F2} s)");
        return s.BatchedSeconds is { } seconds
            ? string.Create(CultureInfo.InvariantCulture, $"{line}, batched {s.BatchedTokensPerSecond:F2} tok/s ({seconds:F2} s)")
            : line;
    }

    private static EngineResult Summarize(IEngineUnderTest engine, List<RoundSample> samples, BenchmarkInputs inputs, EndToEndBenchmarkOptions options)
    {
        RateSummary prefill = RateSummary.Of(samples.ConvertAll(s => s.PrefillTokensPerSecond));
        RateSummary decode = RateSummary.Of(samples.ConvertAll(s => s.DecodeTokensPerSecond));
        RateSummary? batched = options.BatchSequences > 0 && engine.SupportsBatchedDecode
            ? RateSummary.Of(samples.ConvertAll(s => s.BatchedTokensPerSecond!.Value))
            : null;
        RooflineShares? shares = inputs.Roofline is { } limits && inputs.Cost is { } cost
            ? RooflineShares.Of(limits, cost, options, prefill, decode, batched, engine.KvCacheElementBytes)
            : null;
        return new EngineResult(engine.Name, engine.Description, engine.KvCacheElementBytes, prefill, decode, engine.SupportsBatchedDecode, batched, shares, samples);
    }
}
