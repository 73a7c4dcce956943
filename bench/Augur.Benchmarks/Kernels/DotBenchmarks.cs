using System.Runtime.InteropServices;
using Augur.Tensors;
using Augur.Tensors.Quant;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augur.Benchmarks.Kernels;

/// <summary>
/// One row dot product per legacy weight type, 4096 elements (a 7B model's hidden size) against activations already in
/// the type's dot type. The <c>Weight GB/s</c> column is weight bytes over mean time: the figure to hold against memory
/// bandwidth (30-32 GB/s for both cores here) once rows no longer fit in cache.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public unsafe class DotBenchmarks
{
    private const int N = 4096;

    private byte* _row;
    private byte* _activations;
    private int _rowBytes;
    private int _activationBytes;

    [Params(TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q8_0, TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1)]
    public TensorType Type { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var values = new float[N];
        for (int i = 0; i < N; i++)
            values[i] = rng.NextSingle() * 2 - 1;

        _rowBytes = (int)TensorTypeInfo.ByteCount(Type, N);
        _activationBytes = Augur.Tensors.Kernels.ActivationBytes(Type, N);
        _row = (byte*)NativeMemory.AlignedAlloc((nuint)_rowBytes, 64);
        _activations = (byte*)NativeMemory.AlignedAlloc((nuint)_activationBytes, 64);
        QuantFormats.Quantize(Type, values, new Span<byte>(_row, _rowBytes));
        Augur.Tensors.Kernels.QuantizeActivations(Type, values, new Span<byte>(_activations, _activationBytes));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_row);
        NativeMemory.AlignedFree(_activations);
    }

    [Benchmark]
    public float Dot() =>
        QuantFormats.Dot(Type, new ReadOnlySpan<byte>(_row, _rowBytes), new ReadOnlySpan<byte>(_activations, _activationBytes), N);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RateColumn("Weight GB/s", "Weight-row bytes read per second of Dot, in 10^9 bytes/s",
            c => TensorTypeInfo.ByteCount((TensorType)c.Parameters[nameof(Type)], N)));
    }
}
