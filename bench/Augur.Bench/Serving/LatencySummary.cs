namespace Augur.Bench.Serving;

/// <summary>
/// Median, 99th percentile (nearest rank), smallest and largest of <see cref="Count"/> latencies, in seconds; with
/// fewer than 100 latencies the 99th percentile is the largest.
/// </summary>
public sealed record LatencySummary(int Count, double Median, double P99, double Min, double Max)
{
    /// <summary>Summarises <paramref name="seconds"/> (at least one).</summary>
    public static LatencySummary Of(IReadOnlyCollection<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (seconds.Count == 0)
            throw new ArgumentException("At least one latency is needed.", nameof(seconds));
        double[] sorted = [.. seconds];
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, RateSummary.MedianOf(sorted), Percentile(sorted, 0.99), sorted[0], sorted[^1]);
    }

    /// <summary>The nearest-rank percentile <paramref name="fraction"/> of <paramref name="sorted"/> (ascending).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
            throw new ArgumentException("At least one value is needed.", nameof(sorted));
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        int rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
