namespace Augur.Bench.Serving.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void The_99th_percentile_is_the_nearest_rank()
    {
        double[] values = [.. Enumerable.Range(1, 200).Select(i => (double)i).Reverse()];

        LatencySummary s = LatencySummary.Of(values);

        Assert.Equal((200, 100.5, 198.0, 1.0, 200.0), (s.Count, s.Median, s.P99, s.Min, s.Max));
        Assert.Equal(7.0, LatencySummary.Of([7.0, 3.0, 5.0]).P99);
        Assert.Equal(1.0, LatencySummary.Percentile([1.0, 2.0], 0.0));
        Assert.Throws<ArgumentException>(() => LatencySummary.Of([]));
    }
}
