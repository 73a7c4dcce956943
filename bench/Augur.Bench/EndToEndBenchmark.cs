using System.Globalization;

namespace Augur.Bench;

/// <summary>
/// The end-to-end speed comparison: every round runs each engine in turn (ours, then llama.cpp) on the same prompt,
/// timing a prefill of the prompt and then a greedy decode at batch 1; after the warm-up rounds the medians over
/// the measured rounds are reported. Alternating the engines spreads slow drifts of the machine (other load,
/// frequency, heat) over both instead of over whichever ran last.
/// </summary>
public static class EndToEndBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="model">The model, for the report.</param>
    /// <param name="prompt">The tokens every engine evaluates; its length is what a prefill's rate counts.</param>
    /// <param name="engines">The engines in round order; the first is ours, a second one the reference the ratio compares with.</param>
    /// <param name="options">Counts and threads (the engines must have been built with the same threads and batch size).</param>
    /// <param name="progress">Called with one line per engine turn and round, e.g. for stderr; may be null.</param>
    public static BenchmarkReport Run(
        ModelSummary model,
        BenchmarkPrompt prompt,
        IReadOnlyList<IEngineUnderTest> engines,
        EndToEndBenchmarkOptions options,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (engines.Count is < 1 or > 2)
            throw new ArgumentException("Give our engine and at most one reference engine.", nameof(engines));

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
                RoundSample sample = Measure(engines[e], prompt, options.DecodeTokens, round - options.WarmupRounds + 1, sequence);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"{label} {engines[e].Name}: prefill {sample.PrefillTokensPerSecond:F2} tok/s ({sample.PrefillSeconds:F2} s), decode {sample.DecodeTokensPerSecond:F2} tok/s ({sample.DecodeSeconds:F2} s)"));
                if (warmup)
                    continue;
                samples[e].Add(sample);
                sequence++;
            }
        }

        var results = new EngineResult[engines.Count];
        for (int e = 0; e < engines.Count; e++)
            results[e] = Summarize(engines[e], samples[e]);
        SpeedRatio? ratio = results.Length == 2
            ? new SpeedRatio(results[0].Prefill.Median / results[1].Prefill.Median, results[0].Decode.Median / results[1].Decode.Median)
            : null;

        return new BenchmarkReport(
            model,
            machine with { LoadAfter = MachineInfo.LoadAverage() },
            prompt.Length,
            options.DecodeTokens,
            options.Threads,
            options.BatchTokens,
            options.Repeats,
            options.WarmupRounds,
            options.Seed,
            results,
            ratio);
    }

    private static RoundSample Measure(IEngineUnderTest engine, BenchmarkPrompt prompt, int decodeTokens, int round, int sequence)
    {
        double prefill = engine.Prefill(prompt.Tokens).TotalSeconds;
        double decode = engine.Decode(prompt.FirstDecodeToken, decodeTokens).TotalSeconds;
        return new RoundSample(round, sequence, prefill, decode, Rate(prompt.Length, prefill), Rate(decodeTokens, decode));
    }

    // A clock too coarse to see the work would give zero seconds; report that as infinitely fast rather than divide by zero.
    private static double Rate(int tokens, double seconds) => seconds > 0 ? tokens / seconds : double.PositiveInfinity;

    private static EngineResult Summarize(IEngineUnderTest engine, List<RoundSample> samples) => new(
        engine.Name,
        engine.Description,
        RateSummary.Of(samples.ConvertAll(s => s.PrefillTokensPerSecond)),
        RateSummary.Of(samples.ConvertAll(s => s.DecodeTokensPerSecond)),
        samples);
}
