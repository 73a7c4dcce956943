using System.Numerics.Tensors;
using System.Reflection;
using System.Runtime.InteropServices;
using Augur.Tensors.Quant;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augur.Benchmarks.Kernels;

/// <summary>
/// Half-precision dot products on one core: a 4096-element row (8 KiB, in L1) and every row of a 2048 × 8192 matrix
/// (32 MiB, streamed from DRAM), against activations in the same type. <c>Weight GB/s</c> is weight bytes over mean
/// time, to hold against memory bandwidth (30-32 GB/s for both cores here, so about 15-16 GB/s per core).
/// <c>F16_Widened</c> is the former F16.Dot (TensorPrimitives widening into stack buffers), kept as the baseline.
/// </summary>
[Config(typeof(Config))]
public unsafe class HalfDotBenchmarks
{
    private const int RowLength = 4096;
    private const int MatrixRows = 2048;
    private const int MatrixColumns = 8192;
    private const long RowBytes = 2L * RowLength;
    private const long MatrixBytes = 2L * MatrixRows * MatrixColumns;
    private const int PrefillTokens = 8;

    private byte* _f16Row, _bf16Row, _f32Row, _f16Matrix, _bf16Matrix;
    private byte* _f16Activations, _bf16Activations, _f32Activations, _f16Tokens;
    private float[] _prefillOutput = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var values = new float[MatrixColumns];
        for (int i = 0; i < values.Length; i++)
            values[i] = rng.NextSingle() * 2 - 1;
        ReadOnlySpan<float> row = values.AsSpan(0, RowLength);

        _f16Row = Quantized<F16>(row);
        _bf16Row = Quantized<BF16>(row);
        _f32Row = Quantized<F32>(row);
        _f16Activations = Quantized<F16>(values);
        _bf16Activations = Quantized<BF16>(values);
        _f32Activations = Quantized<F32>(row);
        _f16Tokens = (byte*)NativeMemory.AlignedAlloc(2 * MatrixColumns * PrefillTokens, 64);
        for (int t = 0; t < PrefillTokens; t++)
        {
            for (int c = 0; c < MatrixColumns; c++)
                values[c] = rng.NextSingle() * 2 - 1;
            F16.Quantize(values, new Span<byte>(_f16Tokens + (2L * t * MatrixColumns), 2 * MatrixColumns));
        }

        _prefillOutput = new float[PrefillTokens * MatrixRows];
        _f16Matrix = (byte*)NativeMemory.AlignedAlloc((nuint)MatrixBytes, 64);
        _bf16Matrix = (byte*)NativeMemory.AlignedAlloc((nuint)MatrixBytes, 64);
        var matrixRow = new float[MatrixColumns];
        for (int r = 0; r < MatrixRows; r++)
        {
            for (int c = 0; c < MatrixColumns; c++)
                matrixRow[c] = rng.NextSingle() * 2 - 1;
            F16.Quantize(matrixRow, new Span<byte>(_f16Matrix + (2L * r * MatrixColumns), 2 * MatrixColumns));
            BF16.Quantize(matrixRow, new Span<byte>(_bf16Matrix + (2L * r * MatrixColumns), 2 * MatrixColumns));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        byte*[] blocks = [_f16Row, _bf16Row, _f32Row, _f16Matrix, _bf16Matrix, _f16Activations, _bf16Activations, _f32Activations, _f16Tokens];
        foreach (byte* p in blocks)
            NativeMemory.AlignedFree(p);
    }

    [Benchmark(Baseline = true)]
    [WeightBytes(RowBytes)]
    public float F16_Row() => F16.Dot(Span(_f16Row, RowBytes), Span(_f16Activations, RowBytes), RowLength);

    [Benchmark]
    [WeightBytes(RowBytes)]
    public float F16_Widened_Row() => WidenedDot(Span(_f16Row, RowBytes), Span(_f16Activations, RowBytes), RowLength);

    [Benchmark]
    [WeightBytes(RowBytes)]
    public float BF16_Row() => BF16.Dot(Span(_bf16Row, RowBytes), Span(_bf16Activations, RowBytes), RowLength);

    [Benchmark]
    [WeightBytes(2 * RowBytes)]
    public float F32_Row() => F32.Dot(Span(_f32Row, 2 * RowBytes), Span(_f32Activations, 2 * RowBytes), RowLength);

    [Benchmark]
    [WeightBytes(MatrixBytes)]
    public float F16_Matrix() => MatrixDot<F16>(_f16Matrix, _f16Activations);

    [Benchmark]
    [WeightBytes(MatrixBytes)]
    public float BF16_Matrix() => MatrixDot<BF16>(_bf16Matrix, _bf16Activations);

    /// <summary>Prefill through <see cref="F16Tile.MatMulTile"/>: 4 rows × 4 tokens per register tile.</summary>
    [Benchmark]
    [WeightBytes(MatrixBytes)]
    public void F16_Prefill8_Tile()
    {
        const int RowSize = 2 * MatrixColumns;
        F16Tile.MatMulTile(
            Span(_f16Matrix, MatrixBytes), RowSize, MatrixRows, Span(_f16Tokens, (long)RowSize * PrefillTokens), RowSize, PrefillTokens,
            MatrixColumns, _prefillOutput, MatrixRows);
    }

    /// <summary>Prefill as Kernels.MatMulRows does it today: each row dotted with every token while it is in cache.</summary>
    [Benchmark]
    [WeightBytes(MatrixBytes)]
    public void F16_Prefill8_Pairs()
    {
        const int RowSize = 2 * MatrixColumns;
        for (int r = 0; r < MatrixRows; r++)
        {
            var w = new ReadOnlySpan<byte>(_f16Matrix + ((long)r * RowSize), RowSize);
            for (int t = 0; t < PrefillTokens; t++)
                _prefillOutput[(t * MatrixRows) + r] = F16.Dot(w, new ReadOnlySpan<byte>(_f16Tokens + ((long)t * RowSize), RowSize), MatrixColumns);
        }
    }

    private static float MatrixDot<TFormat>(byte* matrix, byte* activations) where TFormat : IQuantFormat
    {
        const int RowSize = 2 * MatrixColumns;
        var x = new ReadOnlySpan<byte>(activations, RowSize);
        float sum = 0;
        for (int r = 0; r < MatrixRows; r++)
            sum += TFormat.Dot(new ReadOnlySpan<byte>(matrix + ((long)r * RowSize), RowSize), x, MatrixColumns);
        return sum;
    }

    // The former F16.Dot: both rows widened 256 elements at a time into stack buffers, then TensorPrimitives.Dot.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static float WidenedDot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        const int Chunk = 256;
        ReadOnlySpan<Half> x = MemoryMarshal.Cast<byte, Half>(blocks);
        ReadOnlySpan<Half> y = MemoryMarshal.Cast<byte, Half>(activations);
        Span<float> fx = stackalloc float[Chunk];
        Span<float> fy = stackalloc float[Chunk];
        float sum = 0;
        for (int i = 0; i < n; i += Chunk)
        {
            int length = Math.Min(Chunk, n - i);
            TensorPrimitives.ConvertToSingle(x.Slice(i, length), fx);
            TensorPrimitives.ConvertToSingle(y.Slice(i, length), fy);
            sum += TensorPrimitives.Dot(fx[..length], fy[..length]);
        }

        return sum;
    }

    private static ReadOnlySpan<byte> Span(byte* p, long bytes) => new(p, (int)bytes);

    private static byte* Quantized<TFormat>(ReadOnlySpan<float> values) where TFormat : IQuantFormat
    {
        int bytes = values.Length * TFormat.BlockBytes;
        byte* p = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        TFormat.Quantize(values, new Span<byte>(p, bytes));
        return p;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RateColumn("Weight GB/s", "Weight bytes read per second, in 10^9 bytes/s",
            c => c.Descriptor.WorkloadMethod.GetCustomAttribute<WeightBytesAttribute>()?.Bytes ?? double.NaN));
    }

    /// <summary>How many weight bytes one call of the benchmark reads.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    private sealed class WeightBytesAttribute(long bytes) : Attribute
    {
        public long Bytes { get; } = bytes;
    }
}
