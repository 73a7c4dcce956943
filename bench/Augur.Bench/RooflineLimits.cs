namespace Augur.Bench;

/// <summary>
/// What the machine can do at most, as <see cref="RooflineProbe"/> measured it: the ceilings that decode (memory-bound)
/// and prefill (compute-bound) figures are set against.
/// </summary>
/// <param name="Threads">Threads the probe ran on (the benchmark's thread count).</param>
/// <param name="ReadBytesPerSecond">Read bandwidth from main memory, bytes per second: the median pass summing a buffer far larger than the caches.</param>
/// <param name="BandwidthBufferBytes">Size of that buffer.</param>
/// <param name="Fp32FlopsPerSecond">Peak fp32 throughput, floating-point operations per second (a fused multiply-add counts 2).</param>
/// <param name="Fp32Instructions">The instruction measured, e.g. <c>vfmadd zmm (Vector512.FusedMultiplyAdd)</c>.</param>
/// <param name="Int8OpsPerSecond">Peak int8 dot-product throughput, operations per second (each u8×s8 product accumulated counts 2); null where no int8 dot instruction is available.</param>
/// <param name="Int8Instructions">The instructions measured, e.g. <c>AVX-VNNI vpdpbusd ymm</c>; null with <paramref name="Int8OpsPerSecond"/>.</param>
public sealed record RooflineLimits(
    int Threads,
    double ReadBytesPerSecond,
    long BandwidthBufferBytes,
    double Fp32FlopsPerSecond,
    string Fp32Instructions,
    double? Int8OpsPerSecond,
    string? Int8Instructions);

/// <summary>How much work <see cref="RooflineProbe.Measure"/> does.</summary>
public sealed record RooflineProbeOptions
{
    /// <summary>Bytes of the buffer read for the bandwidth; far larger than the last-level cache. Default 1 GiB.</summary>
    public long BandwidthBufferBytes { get; init; } = 1L << 30;

    /// <summary>Timed passes of each measurement; the median counts. Default 5 (one more, untimed, goes first).</summary>
    public int Passes { get; init; } = 5;

    /// <summary>Loop iterations per thread per compute pass (each iterates every accumulator chain once). Default 20 million: some 50–100 ms at a few GHz.</summary>
    public int ComputeIterations { get; init; } = 20_000_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on sizes that cannot run.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BandwidthBufferBytes, 4096, nameof(BandwidthBufferBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(Passes, 1, nameof(Passes));
        ArgumentOutOfRangeException.ThrowIfLessThan(ComputeIterations, 1, nameof(ComputeIterations));
    }
}
