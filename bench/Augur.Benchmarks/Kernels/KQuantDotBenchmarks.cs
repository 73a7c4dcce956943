using System.Runtime.InteropServices;
using Augur.Tensors.Quant;
using BenchmarkDotNet.Attributes;

namespace Augur.Benchmarks.Kernels;

/// <summary>
/// One K-quant row of 4096 elements (a Llama-7B hidden row) dotted with Q8_K activations, per format, through the
/// dispatching <c>Dot</c> (the widest SIMD path this machine has). Compare against the int8 roof in DESIGN.md.
/// </summary>
[MemoryDiagnoser]
public unsafe class KQuantDotBenchmarks
{
    private const int Length = 4096;

    private byte* _q4k;
    private byte* _q5k;
    private byte* _q6k;
    private byte* _q8k;
    private byte* _activations;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240601);
        float[] weights = new float[Length], inputs = new float[Length];
        for (int i = 0; i < Length; i++)
        {
            weights[i] = random.NextSingle() * 2 - 1;
            inputs[i] = random.NextSingle() * 2 - 1;
        }

        _q4k = Quantized<Q4_K>(weights);
        _q5k = Quantized<Q5_K>(weights);
        _q6k = Quantized<Q6_K>(weights);
        _q8k = Quantized<Q8_K>(weights);
        _activations = Quantized<Q8_K>(inputs);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_q4k);
        NativeMemory.AlignedFree(_q5k);
        NativeMemory.AlignedFree(_q6k);
        NativeMemory.AlignedFree(_q8k);
        NativeMemory.AlignedFree(_activations);
    }

    [Benchmark]
    public float Q4_K_Dot() => Q4_K.Dot(Row<Q4_K>(_q4k), Row<Q8_K>(_activations), Length);

    [Benchmark]
    public float Q5_K_Dot() => Q5_K.Dot(Row<Q5_K>(_q5k), Row<Q8_K>(_activations), Length);

    [Benchmark]
    public float Q6_K_Dot() => Q6_K.Dot(Row<Q6_K>(_q6k), Row<Q8_K>(_activations), Length);

    [Benchmark]
    public float Q8_K_Dot() => Q8_K.Dot(Row<Q8_K>(_q8k), Row<Q8_K>(_activations), Length);

    private static ReadOnlySpan<byte> Row<T>(byte* data)
        where T : IQuantFormat => new(data, Length / T.BlockSize * T.BlockBytes);

    private static byte* Quantized<T>(float[] values)
        where T : IQuantFormat
    {
        int bytes = Length / T.BlockSize * T.BlockBytes;
        byte* data = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        T.Quantize(values, new Span<byte>(data, bytes));
        return data;
    }
}
