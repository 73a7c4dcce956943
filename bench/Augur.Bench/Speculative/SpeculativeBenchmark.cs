using System.Globalization;
using Augur.Engine;
using Augur.Engine.Speculative;

namespace Augur.Bench.Speculative;

/// <summary>
/// Speculative against plain greedy decoding of one target at batch 1, in the same run: every round decodes the prompt
/// plainly (ours, then llama.cpp's when given), then once with each drafter; after the warm-up rounds the medians over
/// the measured rounds are compared, and each drafter's measured acceptance α and cost ratio c are put into
/// Leviathan et al.'s formula beside the measured speedup. The first plain decode also gives the target's own
/// continuation that the replay drafters corrupt at their chosen rates.
/// </summary>
public static class SpeculativeBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="inputs">The target, its tokenizer, the worker pool and the prompt.</param>
    /// <param name="drafters">The drafters, in the order each round runs them.</param>
    /// <param name="options">Counts, rounds and seed.</param>
    /// <param name="llamaCpp">llama.cpp on the same file (loaded with the same threads), for its plain decode; may be null.</param>
    /// <param name="progress">Called with one line per timed decode; may be null.</param>
    public static SpeculativeReport Run(
        SpeculativeInputs inputs,
        IReadOnlyList<DrafterSpec> drafters,
        SpeculativeBenchmarkOptions options,
        IEngineUnderTest? llamaCpp = null,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(drafters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (DrafterSpec spec in drafters)
            spec.Validate();
        if (drafters.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != drafters.Count)
            throw new ArgumentException("Every drafter needs a name of its own.", nameof(drafters));

        MachineSummary machine = MachineInfo.Capture();
        EngineOptions engineOptions = AugurDecodeRun.EngineOptions(inputs.Prompt.Count, options.DecodeTokens);
        var engines = new Dictionary<string, AugurEngine>(StringComparer.Ordinal);
        using var plainEngine = new AugurEngine(inputs.Target, inputs.Pool, inputs.Tokenizer, engineOptions);
        try
        {
            foreach (DrafterSpec spec in drafters.Where(d => d.Kind == DrafterKind.DraftModel))
                engines[spec.Name] = new AugurEngine(inputs.Target, inputs.Pool, inputs.Tokenizer, engineOptions, draftModel: spec.Model);
            return Measure(inputs, drafters, options, llamaCpp, progress, machine, plainEngine, engines);
        }
        finally
        {
            foreach (AugurEngine engine in engines.Values)
                engine.Dispose();
        }
    }

    private static SpeculativeReport Measure(
        SpeculativeInputs inputs, IReadOnlyList<DrafterSpec> drafters, SpeculativeBenchmarkOptions options, IEngineUnderTest? llamaCpp,
        Action<string>? progress, MachineSummary machine, AugurEngine plainEngine, Dictionary<string, AugurEngine> engines)
    {
        IDrafter lookup = plainEngine.LookupDrafter;
        var replays = new Dictionary<string, ReplayDrafter>(StringComparer.Ordinal);
        var samples = new List<DecodeSample>();
        var identical = drafters.ToDictionary(d => d.Name, _ => true, StringComparer.Ordinal);
        int[]? plainOutput = null;
        int[] prompt = [.. inputs.Prompt];
        int totalRounds = options.WarmupRounds + options.Repeats;
        for (int r = 0; r < totalRounds; r++)
        {
            bool warmup = r < options.WarmupRounds;
            int round = r - options.WarmupRounds + 1;
            string label = warmup
                ? string.Create(CultureInfo.InvariantCulture, $"warm-up {r + 1}/{options.WarmupRounds}")
                : string.Create(CultureInfo.InvariantCulture, $"round {round}/{options.Repeats}");

            (DecodeSample plain, int[] output) = AugurDecodeRun.Run(plainEngine, prompt, options.DecodeTokens, SpeculativeOptions.Off, null, round);
            plainOutput ??= output;
            plain = plain with { MatchesPlain = output.AsSpan().SequenceEqual(plainOutput) };
            Record(plain, "augur plain");

            if (llamaCpp is not null)
            {
                llamaCpp.Prefill(prompt);
                double seconds = llamaCpp.Decode(plainOutput[0], options.DecodeTokens - 1).TotalSeconds;
                Record(new DecodeSample("llama.cpp", null, round, options.DecodeTokens - 1, seconds, options.DecodeTokens - 1, 0, 0, 0, 0, 0, seconds, true),
                    "llama.cpp plain");
            }

            foreach (DrafterSpec spec in drafters)
            {
                AugurEngine engine = plainEngine;
                if (spec.Kind == DrafterKind.DraftModel)
                    engine = engines[spec.Name];
                else if (spec.Kind == DrafterKind.Ngram)
                    plainEngine.LookupDrafter = lookup;
                else
                    plainEngine.LookupDrafter = ReplayFor(spec);
                (DecodeSample sample, int[] speculative) = AugurDecodeRun.Run(engine, prompt, options.DecodeTokens, spec.Speculation, spec.Name, round);
                sample = sample with { MatchesPlain = speculative.AsSpan().SequenceEqual(plainOutput) };
                identical[spec.Name] &= sample.MatchesPlain;
                Record(sample, spec.Name);
            }

            void Record(DecodeSample sample, string what)
            {
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"{label} {what}: {sample.Rate:F2} tok/s ({sample.Seconds:F2} s, {sample.Steps} steps{Drafting(sample)})"));
                if (!warmup)
                    samples.Add(sample);
            }
        }
        plainEngine.LookupDrafter = lookup;

        List<DecodeSample> plainSamples = samples.FindAll(s => s.Engine == "augur" && s.Drafter is null);
        List<DecodeSample> llamaSamples = samples.FindAll(s => s.Engine == "llama.cpp");
        RateSummary plainRate = RateSummary.Of(plainSamples.ConvertAll(s => s.Rate));
        var results = drafters
            .Select(d => Summarize(d, samples.FindAll(s => s.Drafter == d.Name), plainSamples, identical[d.Name]))
            .ToList();
        return new SpeculativeReport(
            inputs.Model,
            machine with { LoadAfter = MachineInfo.LoadAverage() },
            prompt.Length,
            options,
            plainRate,
            llamaSamples.Count > 0 ? RateSummary.Of(llamaSamples.ConvertAll(s => s.Rate)) : null,
            llamaCpp?.Description,
            results,
            samples);

        ReplayDrafter ReplayFor(DrafterSpec spec)
        {
            if (!replays.TryGetValue(spec.Name, out ReplayDrafter? replay))
            {
                int[] reference = [.. prompt, .. plainOutput!];
                int seed = unchecked(options.Seed + 7919 * (replays.Count + 1));
                replay = new ReplayDrafter(reference, inputs.Tokenizer.Vocabulary.Count, spec.ReplayAcceptance!.Value, seed);
                replays[spec.Name] = replay;
            }
            return replay;
        }
    }

    private static string Drafting(DecodeSample s) =>
        s.Drafter is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $", {s.Accepted}/{s.Drafted} drafts accepted{(s.MatchesPlain ? "" : ", OUTPUT DIFFERS")}");

    /// <summary>
    /// One drafter's figures from its measured samples and the plain ones. Speedup, c and v are medians over the rounds
    /// of each round's speculative decode against the same round's plain one (run just before it), so that a load that
    /// drifts between rounds cancels; α and the tokens per round count every measured round together.
    /// </summary>
    internal static DrafterResult Summarize(DrafterSpec spec, List<DecodeSample> speculative, List<DecodeSample> plain, bool identical)
    {
        RateSummary rate = RateSummary.Of(speculative.ConvertAll(s => s.Rate));
        long drafted = speculative.Sum(s => s.Drafted), accepted = speculative.Sum(s => s.Accepted);
        long rounds = speculative.Sum(s => s.Rounds), rejections = speculative.Sum(s => s.Rejections);
        var speedups = new List<double>();
        var costRatios = new List<double>();
        var verifyCosts = new List<double>();
        foreach (DecodeSample s in speculative)
        {
            DecodeSample p = plain.Find(x => x.Round == s.Round) ?? throw new ArgumentException($"No plain decode in round {s.Round}.", nameof(plain));
            double plainStep = p.Seconds / p.Steps;
            speedups.Add(s.Rate / p.Rate);
            costRatios.Add(s.Drafted == 0 ? 0 : s.DraftSeconds / s.Drafted / plainStep);
            verifyCosts.Add(s.Steps == 0 ? 1 : (s.Seconds - s.DraftSeconds) / s.Steps / plainStep);
        }

        double alpha = accepted + rejections == 0 ? 0 : (double)accepted / (accepted + rejections);
        double gamma = spec.Adaptive ? (rounds == 0 ? 0 : (double)drafted / rounds) : spec.DraftTokens;
        double costRatio = RateSummary.MedianOf(costRatios), verifyCost = RateSummary.MedianOf(verifyCosts);
        double tokensPerRound = rounds == 0 ? 1 : (double)(accepted + rounds) / rounds;
        return new DrafterResult(
            spec.Name,
            spec.Kind,
            spec.ModelPath,
            spec.ReplayAcceptance,
            gamma,
            spec.Adaptive,
            rate,
            RateSummary.MedianOf(speedups),
            alpha,
            costRatio,
            verifyCost,
            tokensPerRound,
            LeviathanFormula.Speedup(alpha, gamma, costRatio),
            LeviathanFormula.Speedup(alpha, gamma, costRatio, Math.Max(verifyCost, 1e-9)),
            identical);
    }
}
