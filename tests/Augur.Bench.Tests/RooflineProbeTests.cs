using System.Runtime.InteropServices;

namespace Augur.Bench.Tests;

public class RooflineProbeTests
{
    // A 4 MiB buffer and short chains: the figures mean little, but every path runs in a fraction of a second.
    private static readonly RooflineProbeOptions Tiny = new() { BandwidthBufferBytes = 4L << 20, Passes = 3, ComputeIterations = 20_000 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_ceiling_is_positive_and_finite(int threads)
    {
        RooflineLimits limits = RooflineProbe.Measure(threads, Tiny);

        Assert.Equal(threads, limits.Threads);
        Assert.Equal(Tiny.BandwidthBufferBytes, limits.BandwidthBufferBytes);
        Assert.True(double.IsFinite(limits.ReadBytesPerSecond) && limits.ReadBytesPerSecond > 0);
        Assert.True(double.IsFinite(limits.Fp32FlopsPerSecond) && limits.Fp32FlopsPerSecond > 0);
        Assert.False(string.IsNullOrEmpty(limits.Fp32Instructions));
    }

    [Fact]
    public void The_int8_ceiling_is_measured_exactly_when_the_processor_has_a_dot_product_instruction()
    {
        RooflineLimits limits = RooflineProbe.Measure(1, Tiny);

        Assert.Equal(RooflineProbe.Int8Instructions, limits.Int8Instructions);
        if (RooflineProbe.Int8Instructions is null)
        {
            Assert.Null(limits.Int8OpsPerSecond);
            return;
        }
        Assert.True(limits.Int8OpsPerSecond is { } ops && double.IsFinite(ops) && ops > 0);
    }

    [Fact]
    public unsafe void The_sum_reads_every_element_once()
    {
        // 3 chunks of 128 floats (64-byte aligned, as the probe's buffer), each element its index: the sum checks that
        // no load is skipped or repeated.
        int count = 3 * RooflineProbe.ChunkBytes / sizeof(float);
        float* data = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        try
        {
            for (int i = 0; i < count; i++)
                data[i] = i;
            Assert.Equal(count * (count - 1) / 2.0, RooflineProbe.Sum(data, 3));
        }
        finally
        {
            NativeMemory.AlignedFree(data);
        }
    }

    [Fact]
    public void The_median_pass_runs_the_work_on_every_thread_once_per_pass_plus_one_untimed()
    {
        int[] calls = new int[3];

        double seconds = RooflineProbe.MedianPassSeconds(3, 4, t => Interlocked.Increment(ref calls[t]));

        Assert.Equal([5, 5, 5], calls);
        Assert.True(seconds >= 0 && double.IsFinite(seconds));
    }

    [Fact]
    public void Sizes_that_cannot_run_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineProbe.Measure(0, Tiny));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineProbe.Measure(1, Tiny with { Passes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineProbe.Measure(1, Tiny with { BandwidthBufferBytes = 100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineProbe.Measure(1, Tiny with { ComputeIterations = 0 }));
        // 8 KiB cannot give 32 threads a 512-byte chunk each.
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineProbe.Measure(32, Tiny with { BandwidthBufferBytes = 8192 }));
    }
}
