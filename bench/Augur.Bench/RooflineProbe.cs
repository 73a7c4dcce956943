using System.Diagnostics;

namespace Augur.Bench;

/// <summary>
/// Measures the two roofline ceilings of this machine on a given number of threads: main-memory read bandwidth
/// (STREAM-like: every thread sums its own slice of one large buffer with wide loads) and peak arithmetic throughput
/// (every thread runs many independent fused multiply-add chains, fp32 and int8 dot products, so that no chain waits on
/// another). Every measurement is the median of <see cref="RooflineProbeOptions.Passes"/> timed passes after one
/// untimed one; all threads start a pass together and the pass ends when the last one is done.
/// </summary>
public static partial class RooflineProbe
{
    /// <summary>Measures bandwidth, fp32 peak and (where the processor has the instructions) int8 peak.</summary>
    /// <param name="threads">Threads to run on, each a dedicated thread for the probe's duration.</param>
    /// <param name="options">Sizes; null for the defaults (a 1 GiB buffer, which takes a few seconds in all).</param>
    public static RooflineLimits Measure(int threads, RooflineProbeOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        options ??= new RooflineProbeOptions();
        options.Validate();
        double bandwidth = MeasureReadBandwidth(threads, options.BandwidthBufferBytes, options.Passes);
        double fp32 = MeasureFp32(threads, options.ComputeIterations, options.Passes);
        (double ops, string name)? int8 = MeasureInt8(threads, options.ComputeIterations, options.Passes);
        return new RooflineLimits(threads, bandwidth, options.BandwidthBufferBytes, fp32, Fp32Instructions, int8?.ops, int8?.name);
    }

    /// <summary>
    /// Runs <paramref name="work"/>(thread index) on <paramref name="threads"/> dedicated threads, all together, once
    /// untimed and then <paramref name="passes"/> times timed; returns the median pass's wall-clock seconds.
    /// </summary>
    internal static double MedianPassSeconds(int threads, int passes, Action<int> work)
    {
        var seconds = new double[passes];
        using var start = new Barrier(threads + 1);
        using var end = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                for (int pass = 0; pass <= passes; pass++)
                {
                    start.SignalAndWait();
                    work(index);
                    end.SignalAndWait();
                }
            })
            { IsBackground = true, Name = $"roofline probe {t}" };
            workers[t].Start();
        }

        for (int pass = 0; pass <= passes; pass++)
        {
            start.SignalAndWait();
            long begin = Stopwatch.GetTimestamp();
            end.SignalAndWait();
            if (pass > 0)
                seconds[pass - 1] = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        }

        foreach (Thread worker in workers)
            worker.Join();
        return RateSummary.MedianOf(seconds);
    }
}
