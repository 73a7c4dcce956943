namespace Augur.Bench.Serving.Tests;

public sealed class InterferenceBenchmarkTests(ServingModelsFixture models) : IClassFixture<ServingModelsFixture>
{
    [Fact]
    public async Task Interactive_latencies_are_measured_alone_and_with_every_running_slot_held_by_batch_work()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options;

        InterferenceResult result = await InterferenceBenchmark.RunAsync(models.Stories260K, options);

        Assert.Equal(options.MaxRunningSequences, result.RunningAtStart);
        foreach (LatencySummary s in (ReadOnlySpan<LatencySummary>)[result.Alone, result.Loaded])
        {
            Assert.Equal(options.InteractiveRequests, s.Count);
            Assert.True(s.Min > 0);
            Assert.True(s.Min <= s.Median && s.Median <= s.P99 && s.P99 <= s.Max, $"{s}");
            Assert.Equal(s.Max, s.P99); // fewer than 100 latencies
        }
        Assert.True(result.LoadDecodeTokensPerSecond > 0);
        Assert.Equal(options.EffectiveBatchClients, result.BatchClients);
    }
}
