using System.Globalization;
using Augur.Engine;
using Augur.Engine.Requests;

namespace Augur.Bench.Serving;

/// <summary>
/// Time to first token with and without a cached prefix. Each round draws a fresh prefix; a request of that prefix and
/// one suffix meets an empty cache for it (uncached), then a request of the same prefix and another suffix finds the
/// prefix's blocks cached (cached). Both generate one token, on one engine running its own thread, one at a time.
/// </summary>
public static class PrefixCacheBenchmark
{
    /// <exception cref="InvalidOperationException">A cached request found less than the prefix's whole blocks in the cache.</exception>
    public static async Task<PrefixCacheResult> RunAsync(ServingModel model, ServingBenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        EngineOptions engineOptions = options.Engine();
        using AugurEngine engine = model.CreateEngine(engineOptions);
        engine.Start();
        PromptTokens prompts = model.Prompts(options.Seed);
        int expectedHit = options.PrefixTokens / engineOptions.KvCache.BlockTokens * engineOptions.KvCache.BlockTokens;

        var uncached = new List<double>(options.PrefixRounds);
        var cached = new List<double>(options.PrefixRounds);
        int leastHit = int.MaxValue;
        for (int round = 0; round < options.WarmupRounds + options.PrefixRounds; round++)
        {
            int[] prefix = prompts.Next(options.PrefixTokens);
            GenerationUsage cold = await FirstToken(engine, [.. prefix, .. prompts.Next(options.SuffixTokens)]).ConfigureAwait(false);
            GenerationUsage warm = await FirstToken(engine, [.. prefix, .. prompts.Next(options.SuffixTokens)]).ConfigureAwait(false);
            if (warm.CachedPromptTokens < expectedHit)
                throw new InvalidOperationException($"The cached request found {warm.CachedPromptTokens} prompt tokens in the cache, not the prefix's {expectedHit}.");
            bool warmup = round < options.WarmupRounds;
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"prefix cache {(warmup ? "warm-up" : $"round {round - options.WarmupRounds + 1}/{options.PrefixRounds}")}: uncached TTFT {cold.TimeToFirstToken.TotalMilliseconds:F1} ms ({cold.CachedPromptTokens} cached), cached {warm.TimeToFirstToken.TotalMilliseconds:F1} ms ({warm.CachedPromptTokens} cached)"));
            if (warmup)
                continue;
            uncached.Add(cold.TimeToFirstToken.TotalSeconds);
            cached.Add(warm.TimeToFirstToken.TotalSeconds);
            leastHit = Math.Min(leastHit, warm.CachedPromptTokens);
        }

        double uncachedMedian = RateSummary.MedianOf(uncached), cachedMedian = RateSummary.MedianOf(cached);
        return new PrefixCacheResult(options.PrefixTokens, options.SuffixTokens, uncached, cached, uncachedMedian, cachedMedian,
            uncachedMedian / cachedMedian, leastHit);
    }

    private static async Task<GenerationUsage> FirstToken(AugurEngine engine, int[] prompt)
    {
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = 1, IgnoreEndOfGeneration = true };
        RequestOutcome outcome = await RequestOutcome.Collect(engine.Submit(request)).ConfigureAwait(false);
        return outcome.Usage;
    }
}
