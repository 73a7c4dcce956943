using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// The activation format of the panel kernels: per 32 elements, 40 bytes <c>{ float d; int sum; int8 qs[32]; }</c>
/// with value = qs[j] · d and sum = Σ qs. It is ggml's Q8_0 activation quantized the way llama.cpp's x86 build does
/// it (<c>id = 127 / amax</c>, products rounded half to even, d rounded to half), with d already widened to float and
/// the quant sum the kernels need to remove the weights' zero point.
/// </summary>
public static class PanelActivations
{
    /// <summary>Elements per block.</summary>
    public const int BlockSize = 32;

    /// <summary>Bytes per block.</summary>
    public const int BlockBytes = 40;

    /// <summary>Byte offset of the quants in a block.</summary>
    internal const int Quants = 8;

    /// <summary>Bytes of one activation row of <paramref name="columns"/> elements (a multiple of 32).</summary>
    public static int RowBytes(int columns)
    {
        if (columns < 0 || columns % BlockSize != 0)
            ThrowColumns(columns);
        return columns / BlockSize * BlockBytes;
    }

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 32 elements) into <see cref="RowBytes"/> bytes of <paramref name="destination"/>.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int bytes = RowBytes(x.Length);
        if (destination.Length < bytes)
            ThrowDestination(bytes, destination.Length);
        if (Vector256.IsHardwareAccelerated)
            Quantize256(x, destination);
        else
            QuantizeScalar(x, destination);
    }

    /// <summary>The scalar reference of <see cref="Quantize"/>.</summary>
    public static void QuantizeScalar(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = RowBytes(x.Length) / BlockBytes;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> v = x.Slice(b * BlockSize, BlockSize);
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            float amax = 0;
            foreach (float f in v)
                amax = MathF.Max(amax, MathF.Abs(f));
            float id = amax != 0 ? 127f / amax : 0f;
            int sum = 0;
            for (int j = 0; j < BlockSize; j++)
            {
                int q = (int)MathF.Round(v[j] * id, MidpointRounding.ToEven);
                block[Quants + j] = (byte)(sbyte)q;
                sum += q;
            }
            WriteHeader(block, amax, sum);
        }
    }

    private static void Quantize256(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = x.Length / BlockSize;
        ref float px = ref MemoryMarshal.GetReference(x);
        Vector256<float> signMask = Vector256.Create(-0f);
        for (int b = 0; b < blocks; b++)
        {
            ref float v = ref Unsafe.Add(ref px, b * BlockSize);
            Vector256<float> v0 = Vector256.LoadUnsafe(ref v), v1 = Vector256.LoadUnsafe(ref v, 8);
            Vector256<float> v2 = Vector256.LoadUnsafe(ref v, 16), v3 = Vector256.LoadUnsafe(ref v, 24);
            Vector256<float> m = Vector256.Max(
                Vector256.Max(Vector256.AndNot(v0, signMask), Vector256.AndNot(v1, signMask)),
                Vector256.Max(Vector256.AndNot(v2, signMask), Vector256.AndNot(v3, signMask)));
            float amax = HorizontalMax(m);
            Vector256<float> id = Vector256.Create(amax != 0 ? 127f / amax : 0f);
            Vector256<int> q0 = Vector256.ConvertToInt32(Vector256.Round(v0 * id)), q1 = Vector256.ConvertToInt32(Vector256.Round(v1 * id));
            Vector256<int> q2 = Vector256.ConvertToInt32(Vector256.Round(v2 * id)), q3 = Vector256.ConvertToInt32(Vector256.Round(v3 * id));
            Vector256<sbyte> q = Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3));
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            q.AsByte().StoreUnsafe(ref block[Quants]);
            WriteHeader(block, amax, Vector256.Sum((q0 + q1) + (q2 + q3)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector256<float> v)
    {
        Vector128<float> m = Vector128.Max(v.GetLower(), v.GetUpper());
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    // d = amax / 127 rounded to half as ggml stores it, then widened back for the kernels.
    private static void WriteHeader(Span<byte> block, float amax, int sum)
    {
        MemoryMarshal.Write(block, (float)(Half)(amax / 127f));
        MemoryMarshal.Write(block[4..], sum);
    }

    private static void ThrowColumns(int columns) =>
        throw new ArgumentOutOfRangeException(nameof(columns), columns, "Panel activations need a non-negative multiple of 32 elements.");

    private static void ThrowDestination(int needed, int length) =>
        throw new ArgumentException($"The destination holds {length} bytes; {needed} are needed.", "destination");
}
