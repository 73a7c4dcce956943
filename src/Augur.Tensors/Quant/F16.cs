using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

/// <summary>
/// IEEE half elements (ggml's <c>GGML_TYPE_F16</c>). As in ggml, activations are converted to F16 too (round to nearest
/// even) and the dot product widens both to float.
/// </summary>
public readonly partial struct F16 : IQuantFormat, IDotPaths
{
    public static TensorType Type => TensorType.F16;

    public static int BlockSize => 1;

    public static int BlockBytes => 2;

    public static TensorType DotType => TensorType.F16;

    /// <summary>half → float, exact (NaNs keep sign and payload), 16 or 8 elements per step where SIMD allows.</summary>
    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, 1, 2);
        ReadOnlySpan<ushort> x = MemoryMarshal.Cast<byte, ushort>(blocks);
        ref ushort source = ref MemoryMarshal.GetReference(x);
        ref float target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
                HalfVectors.ToSingle(Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
                HalfVectors.ToSingle(Vector128.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                Vector128<ushort> h = Vector128.LoadUnsafe(ref source, (nuint)i);
                HalfVectors.ToSingleLower(h).StoreUnsafe(ref target, (nuint)i);
                HalfVectors.ToSingleUpper(h).StoreUnsafe(ref target, (nuint)i + 4);
            }
        }

        for (; i < count; i++)
            destination[i] = HalfIO.ToSingle(x[i]);
    }

    /// <summary>float → half, round to nearest even (ggml's <c>GGML_FP32_TO_FP16</c>).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        BlockChecks.Quantize(source, blocks, 1, 2);
        TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(blocks)[..source.Length]);
    }

    /// <summary>
    /// Widens both rows to float in registers and sums the products in several float accumulators (see
    /// <see cref="HalfVectors"/>); a row holding an infinity or a NaN is redone in exact scalar code.
    /// </summary>
    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        BlockChecks.Dot(blocks, activations, n, 1, 2, 2);
        if (Vector512.IsHardwareAccelerated)
            return Dot512(blocks, activations, n);
        if (Vector256.IsHardwareAccelerated)
            return Dot256(blocks, activations, n);
        if (Vector128.IsHardwareAccelerated)
            return Dot128(blocks, activations, n);
        return DotTail(blocks, activations, 0, n, 0);
    }

    /// <summary>ggml's scalar <c>ggml_vec_dot_f16</c>: float products of the widened halves, summed in double.</summary>
    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        BlockChecks.Dot(blocks, activations, n, 1, 2, 2);
        ReadOnlySpan<Half> x = MemoryMarshal.Cast<byte, Half>(blocks);
        ReadOnlySpan<Half> y = MemoryMarshal.Cast<byte, Half>(activations);
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += (float)x[i] * (float)y[i];
        return (float)sum;
    }

    // Float products of elements [start, n) added to sum, one at a time: exact for every half, infinities included.
    private static float DotTail(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int start, int n, float sum)
    {
        ReadOnlySpan<ushort> hx = MemoryMarshal.Cast<byte, ushort>(x);
        ReadOnlySpan<ushort> hy = MemoryMarshal.Cast<byte, ushort>(y);
        for (int i = start; i < n; i++)
            sum += HalfIO.ToSingle(hx[i]) * HalfIO.ToSingle(hy[i]);
        return sum;
    }

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) => Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) => Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) => Dot128(blocks, activations, blockCount);
}
