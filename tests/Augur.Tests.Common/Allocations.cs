namespace Augur.Tests.Common;

/// <summary>
/// Steady-state allocation checks. While it tiers code up (on-stack replacement, class initialisation on a rejit) the
/// runtime may allocate a few bytes on the thread that runs the code, so a single measured window can see bytes the code
/// under test never allocates. Code that allocates per call allocates in every window; code that doesn't reaches a
/// window of zero.
/// </summary>
public static class Allocations
{
    /// <summary>Runs <paramref name="workload"/> in up to <paramref name="windows"/> measured windows on this thread and
    /// returns the fewest bytes any window allocated (stopping at the first window of zero).</summary>
    public static long SteadyStateBytes(Action workload, int windows = 5)
    {
        ArgumentNullException.ThrowIfNull(workload);
        long fewest = long.MaxValue;
        for (int i = 0; i < windows && fewest > 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            workload();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
