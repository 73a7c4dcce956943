namespace Augur.Bench.Serving.Tests;

public sealed class PrefixCacheBenchmarkTests(ServingModelsFixture models) : IClassFixture<ServingModelsFixture>
{
    [Fact]
    public async Task A_cached_prefix_is_found_whole_and_answers_sooner_than_a_fresh_one()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options;

        PrefixCacheResult result = await PrefixCacheBenchmark.RunAsync(models.Stories260K, options);

        Assert.Equal(options.PrefixRounds, result.UncachedSeconds.Count);
        Assert.Equal(options.PrefixRounds, result.CachedSeconds.Count);
        Assert.All(result.UncachedSeconds.Concat(result.CachedSeconds), s => Assert.True(s > 0));
        Assert.Equal(448, result.CachedPromptTokens); // 28 whole 16-token blocks
        Assert.Equal(result.UncachedSeconds.Order().ElementAt(1), result.UncachedMedian);
        // The uncached request runs 464 tokens in 8 chunked steps, the cached one 16 tokens in one.
        Assert.True(result.CachedMedian < result.UncachedMedian, $"cached {result.CachedMedian} s, uncached {result.UncachedMedian} s");
        Assert.Equal(result.UncachedMedian / result.CachedMedian, result.Speedup, 12);
    }

    [Fact]
    public async Task A_prefix_that_ends_inside_a_block_is_found_up_to_its_last_whole_block()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options with { PrefixTokens = 40, PrefixRounds = 1, WarmupRounds = 0 };

        PrefixCacheResult result = await PrefixCacheBenchmark.RunAsync(models.Stories260K, options);

        Assert.Equal(32, result.CachedPromptTokens);
    }
}
