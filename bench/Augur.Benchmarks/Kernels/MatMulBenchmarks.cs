using System.Runtime.InteropServices;
using Augur.Tensors;
using Augur.Tensors.Quant;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augur.Benchmarks.Kernels;

/// <summary>
/// One thread's matrix product on the 1.1B shape's feed-forward matrix (8192 × 2048, larger than the caches), through
/// <see cref="LinearWeights"/> with the panels (<c>Packed = true</c>) or the source rows: 1 token (decode) and 64
/// tokens (a prefill chunk). <c>Weight GB/s</c> is the matrix's bytes over the median time, to hold against the memory
/// bandwidth of one core; <c>GOP/s</c> counts a multiply and an add per weight and token.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public unsafe class MatMulBenchmarks
{
    private const int Rows = 8192, Columns = 2048;

    private byte* _weights;
    private LinearWeights _linear = null!;
    private byte[] _activations = [];
    private float[] _output = [];

    [Params(TensorType.Q4_0, TensorType.Q8_0, TensorType.Q4_K, TensorType.Q6_K)]
    public TensorType Type { get; set; }

    [Params(1, 64)]
    public int Tokens { get; set; }

    [Params(true, false)]
    public bool Packed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] values = new float[Columns];
        long rowBytes = TensorTypeInfo.ByteCount(Type, Columns);
        _weights = (byte*)NativeMemory.AlignedAlloc((nuint)(rowBytes * Rows), 64);
        for (int r = 0; r < Rows; r++)
        {
            for (int i = 0; i < Columns; i++)
                values[i] = random.NextSingle() * 2 - 1;
            QuantFormats.Quantize(Type, values, new Span<byte>(_weights + r * rowBytes, (int)rowBytes));
        }
        _linear = LinearWeights.Prepare(new WeightMatrix(Type, Rows, Columns, _weights), Packed);

        float[] x = new float[Columns * Tokens];
        for (int i = 0; i < x.Length; i++)
            x[i] = random.NextSingle() * 2 - 1;
        _activations = new byte[_linear.ActivationBytes * Tokens];
        for (int t = 0; t < Tokens; t++)
            _linear.QuantizeActivations(x.AsSpan(t * Columns, Columns), _activations.AsSpan(t * _linear.ActivationBytes, _linear.ActivationBytes));
        _output = new float[Rows * Tokens];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _linear.Dispose();
        NativeMemory.AlignedFree(_weights);
    }

    [Benchmark]
    public void MatMul() => _linear.MatMul(_activations, Tokens, _output, 0, Rows);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new RateColumn("Weight GB/s", "Matrix bytes per second, 10^9 bytes/s",
                c => TensorTypeInfo.ByteCount((TensorType)c.Parameters[nameof(Type)], Columns) * (double)Rows));
            AddColumn(new RateColumn("GOP/s", "2 · rows · columns · tokens per second, 10^9/s",
                c => 2.0 * Rows * Columns * (int)c.Parameters[nameof(Tokens)]));
        }
    }
}
