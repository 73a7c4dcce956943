using System.Diagnostics;
using System.Globalization;
using Augur.Engine;
using Augur.Engine.Requests;

namespace Augur.Bench.Serving;

/// <summary>
/// Aggregate decode speed at several concurrency levels. At each level N, N sequences (a short prompt each, greedy,
/// end-of-generation ignored) are submitted together to our engine, whose steps this thread drives; the rate counts
/// the steps in which all N sequences decoded and none prefilled. llama.cpp, when given the GGUF file, runs the same
/// prompts through <see cref="LlamaCppBatchedDecoder"/> (a context of N sequences; each prompt prefilled alone, then
/// every step one batch holding a token of each). The two alternate at each level and round.
/// </summary>
public static class ConcurrencyBenchmark
{
    /// <summary>Runs the sweep on <paramref name="model"/>; llama.cpp too on <paramref name="llamaCppModel"/>, the GGUF file, unless null.</summary>
    public static ConcurrencyResult Run(ServingModel model, ServingBenchmarkOptions options, string? llamaCppModel, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        using AugurEngine engine = model.CreateEngine(options.Engine());
        var vocabulary = engine.Tokenizer.Vocabulary;
        var points = new List<ConcurrencyPoint>();
        int positions = options.ConcurrencyPromptTokens + options.DecodeTokens;
        int seed = options.Seed;

        if (options.WarmupRounds > 0)
        {
            // Warms the JIT and the pages of the weights; discarded.
            var warm = BenchmarkPrompt.CreateBatch(vocabulary, options.ConcurrencyLevels[0], options.ConcurrencyPromptTokens, seed -= 1000);
            MeasureOurs(engine, warm, options.DecodeTokens);
            if (llamaCppModel is not null)
                MeasureLlamaCpp(llamaCppModel, options, warm, positions);
        }

        foreach (int n in options.ConcurrencyLevels)
        {
            var ours = new List<(double Decode, double EndToEnd, int Steps)>();
            var theirs = new List<double>();
            for (int round = 0; round < options.ConcurrencyRounds; round++)
            {
                seed += 100;
                IReadOnlyList<BenchmarkPrompt> prompts = BenchmarkPrompt.CreateBatch(vocabulary, n, options.ConcurrencyPromptTokens, seed);
                ours.Add(MeasureOurs(engine, prompts, options.DecodeTokens));
                string line = string.Create(CultureInfo.InvariantCulture,
                    $"concurrency {n} round {round + 1}/{options.ConcurrencyRounds}: augur {ours[^1].Decode:F1} tok/s decode ({ours[^1].Steps} full steps), {ours[^1].EndToEnd:F1} tok/s end to end");
                if (llamaCppModel is not null)
                {
                    theirs.Add(MeasureLlamaCpp(llamaCppModel, options, prompts, positions));
                    line += string.Create(CultureInfo.InvariantCulture, $"; llama.cpp {theirs[^1]:F1} tok/s decode");
                }
                progress?.Invoke(line);
            }
            points.Add(new ConcurrencyPoint("augur", n, RateSummary.MedianOf(ours.ConvertAll(o => o.Decode)),
                RateSummary.MedianOf(ours.ConvertAll(o => o.EndToEnd)), ours.Min(o => o.Steps)));
            if (theirs.Count > 0)
                points.Add(new ConcurrencyPoint("llama.cpp", n, RateSummary.MedianOf(theirs), null, options.DecodeTokens));
        }

        string? description = llamaCppModel is null
            ? null
            : $"llama.cpp 815a2a5 via LLamaSharp 0.30.0 ({LlamaCppEngineUnderTest.NativeBuild}), {options.Threads} threads, F16 KV cache, one context per level";
        return new ConcurrencyResult(options.ConcurrencyPromptTokens, options.DecodeTokens, options.ConcurrencyRounds, points, description);
    }

    /// <summary>Our engine on <paramref name="prompts"/>: (decode tok/s over full decode steps, end-to-end tok/s, full decode steps).</summary>
    internal static (double Decode, double EndToEnd, int Steps) MeasureOurs(AugurEngine engine, IReadOnlyList<BenchmarkPrompt> prompts, int decodeTokens)
    {
        long start = Stopwatch.GetTimestamp();
        Task<RequestOutcome>[] outcomes = [.. prompts.Select(p => RequestOutcome.Collect(engine.Submit(new GenerationRequest
        {
            PromptTokens = p.Tokens.ToArray(),
            MaxTokens = decodeTokens,
            IgnoreEndOfGeneration = true,
        })))];

        EngineStatistics before = engine.Statistics;
        long fullTicks = 0, fullTokens = 0;
        int fullSteps = 0;
        long end = start;
        while (true)
        {
            long stepStart = Stopwatch.GetTimestamp();
            if (!engine.Step())
                break;
            end = Stopwatch.GetTimestamp();
            EngineStatistics after = engine.Statistics;
            long prefill = after.PrefillTokens - before.PrefillTokens, decode = after.DecodeTokens - before.DecodeTokens;
            if (prefill == 0 && decode == prompts.Count)
            {
                fullTicks += end - stepStart;
                fullTokens += decode;
                fullSteps++;
            }
            before = after;
        }
        if (!Task.WaitAll(outcomes, TimeSpan.FromMinutes(1)))
            throw new InvalidOperationException("A sequence of the concurrency test never completed.");
        long generated = outcomes.Sum(o => (long)o.Result.Usage.CompletionTokens);
        double fullSeconds = (double)fullTicks / Stopwatch.Frequency;
        return (fullSeconds > 0 ? fullTokens / fullSeconds : 0, generated / Stopwatch.GetElapsedTime(start, end).TotalSeconds, fullSteps);
    }

    private static double MeasureLlamaCpp(string path, ServingBenchmarkOptions options, IReadOnlyList<BenchmarkPrompt> prompts, int positions)
    {
        using LlamaCppBatchedDecoder decoder = LlamaCppBatchedDecoder.Load(path, options.Threads, prompts.Count, positions, options.MaxBatchTokens);
        TimeSpan elapsed = decoder.DecodeBatch(prompts, options.DecodeTokens);
        return prompts.Count * options.DecodeTokens / elapsed.TotalSeconds;
    }
}
