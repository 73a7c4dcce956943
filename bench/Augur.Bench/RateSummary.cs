namespace Augur.Bench;

/// <summary>The median, smallest and largest of a set of rates, in tokens per second.</summary>
public sealed record RateSummary(double Median, double Min, double Max)
{
    /// <summary>Summarises <paramref name="samples"/> (at least one).</summary>
    public static RateSummary Of(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
            throw new ArgumentException("At least one sample is needed.", nameof(samples));
        double[] sorted = [.. samples];
        Array.Sort(sorted);
        return new RateSummary(MedianOfSorted(sorted), sorted[0], sorted[^1]);
    }

    /// <summary>The middle value of <paramref name="samples"/>; for an even count the mean of the two middle ones.</summary>
    public static double MedianOf(IReadOnlyCollection<double> samples) => Of(samples).Median;

    private static double MedianOfSorted(double[] sorted)
    {
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
