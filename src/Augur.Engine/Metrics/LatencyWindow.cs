namespace Augur.Engine.Metrics;

/// <summary>A latency distribution over the latest samples: how many there are, and the median and 95th percentile, in seconds (0 when none).</summary>
public readonly record struct LatencySummary(int Count, double P50Seconds, double P95Seconds);

/// <summary>
/// The latest <see cref="Capacity"/> latencies in a ring, written by the engine thread and summarized on demand by
/// readers (the dashboard), under a lock. Recording never allocates; a summary sorts a copy.
/// </summary>
internal sealed class LatencyWindow
{
    public const int Capacity = 512;

    private readonly double[] _samples = new double[Capacity];
    private readonly Lock _lock = new();
    private int _next, _count;

    public void Record(double seconds)
    {
        lock (_lock)
        {
            _samples[_next] = seconds;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>Nearest-rank percentiles of the samples in the window.</summary>
    public LatencySummary Summary()
    {
        double[] sorted;
        lock (_lock)
            sorted = _samples[.._count];
        if (sorted.Length == 0)
            return default;
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95));
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
