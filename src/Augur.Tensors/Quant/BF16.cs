using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

/// <summary>
/// bfloat16 elements (ggml's <c>GGML_TYPE_BF16</c>): the top 16 bits of a float32. Activations are converted to BF16
/// as in ggml (<c>ggml_compute_fp32_to_bf16</c>: round to nearest even, NaNs kept and made quiet, subnormals kept).
/// </summary>
public readonly partial struct BF16 : IQuantFormat, IDotPaths
{
    public static TensorType Type => TensorType.BF16;

    public static int BlockSize => 1;

    public static int BlockBytes => 2;

    public static TensorType DotType => TensorType.BF16;

    /// <summary>float32 → bfloat16 bits, as <c>ggml_compute_fp32_to_bf16</c>.</summary>
    public static ushort FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000)
            return (ushort)((bits >> 16) | 0x40); // NaN: keep sign and payload top, force quiet
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>bfloat16 bits → float32 (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, 1, 2);
        ReadOnlySpan<ushort> x = MemoryMarshal.Cast<byte, ushort>(blocks);
        for (int i = 0; i < count; i++)
            destination[i] = ToSingle(x[i]);
    }

    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        BlockChecks.Quantize(source, blocks, 1, 2);
        Span<ushort> y = MemoryMarshal.Cast<byte, ushort>(blocks);
        for (int i = 0; i < source.Length; i++)
            y[i] = FromSingle(source[i]);
    }

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

    /// <summary>ggml's scalar <c>ggml_vec_dot_bf16</c>: float products summed in double.</summary>
    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        BlockChecks.Dot(blocks, activations, n, 1, 2, 2);
        ReadOnlySpan<ushort> x = MemoryMarshal.Cast<byte, ushort>(blocks);
        ReadOnlySpan<ushort> y = MemoryMarshal.Cast<byte, ushort>(activations);
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += ToSingle(x[i]) * ToSingle(y[i]);
        return (float)sum;
    }

    private static float DotTail(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int start, int n, float sum)
    {
        ReadOnlySpan<ushort> bx = MemoryMarshal.Cast<byte, ushort>(x);
        ReadOnlySpan<ushort> by = MemoryMarshal.Cast<byte, ushort>(y);
        for (int i = start; i < n; i++)
            sum += ToSingle(bx[i]) * ToSingle(by[i]);
        return sum;
    }

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) => Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) => Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) => Dot128(blocks, activations, blockCount);
}
