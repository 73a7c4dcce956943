using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Operators;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q8_0</c>: 32 elements in 34 bytes, <c>{ half d; int8 qs[32]; }</c>, value = qs[j] · d.
/// Also the activation format of Q8_0, Q4_0 and Q5_0 weights.
/// </summary>
public readonly struct Q8_0 : IQuantFormat, IDotPaths, IInt8Block
{
    private const int Qk = 32;
    private const int Bytes = 34;
    private const int Qs = 2;

    public static TensorType Type => TensorType.Q8_0;

    public static int BlockSize => Qk;

    public static int BlockBytes => Bytes;

    public static TensorType DotType => TensorType.Q8_0;

    static int IInt8Block.Stride => Bytes;

    static int IInt8Block.ActivationStride => Bytes;

    static bool IInt8Block.HasMin => false;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, Qk, Bytes);
        for (int b = 0; b < count; b++)
            DequantizeBlock(blocks.Slice(b * Bytes, Bytes), destination.Slice(b * Qk, Qk), Qs);
    }

    /// <summary><c>quantize_row_q8_0_ref</c>: d = amax / 127, q = roundf(x / d) (halves away from zero).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = BlockChecks.Quantize(source, blocks, Qk, Bytes);
        for (int b = 0; b < count; b++)
            QuantizeBlock(source.Slice(b * Qk, Qk), blocks.Slice(b * Bytes, Bytes), Qs);
    }

    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        Int8BlockDot<Q8_0>.Dot(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, Bytes));

    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        DotBlocksScalar(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, Bytes), Bytes, Qs);

    /// <summary>Expands one block whose half d is at byte 0 and 32 int8 quants at <paramref name="qs"/>.</summary>
    internal static void DequantizeBlock(ReadOnlySpan<byte> block, Span<float> y, int qs)
    {
        float d = HalfIO.Read(block, 0);
        for (int j = 0; j < Qk; j++)
            y[j] = (sbyte)block[qs + j] * d;
    }

    /// <summary>Writes d at byte 0 and the quants at <paramref name="qs"/>; returns d (unrounded) and Σ quants for Q8_1.</summary>
    internal static (float D, int Sum) QuantizeBlock(ReadOnlySpan<float> x, Span<byte> block, int qs)
    {
        float amax = 0;
        for (int j = 0; j < Qk; j++)
        {
            float a = MathF.Abs(x[j]);
            amax = amax > a ? amax : a; // ggml's MAX(amax, fabsf(v))
        }

        float d = amax / 127;
        float id = d != 0 ? 1 / d : 0;
        HalfIO.Write(block, 0, d);
        int sum = 0;
        for (int j = 0; j < Qk; j++)
        {
            sbyte q = (sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
            block[qs + j] = (byte)q;
            sum += q;
        }

        return (d, sum);
    }

    /// <summary>
    /// ggml's scalar <c>vec_dot_q8_0_q8_0</c>, Σ_blocks (Σ qx · qy) · dx · dy, for two rows of one layout: d at byte 0
    /// and 32 int8 quants at <paramref name="qs"/> of each <paramref name="stride"/>-byte block (Q8_0 and Q8_1).
    /// </summary>
    internal static float DotBlocksScalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count, int stride, int qs)
    {
        float sum = 0;
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<byte> bx = x.Slice(b * stride, stride);
            ReadOnlySpan<byte> by = y.Slice(b * stride, stride);
            int sumi = 0;
            for (int j = 0; j < Qk; j++)
                sumi += (sbyte)bx[qs + j] * (sbyte)by[qs + j];
            sum += sumi * HalfIO.Read(bx, 0) * HalfIO.Read(by, 0);
        }

        return sum;
    }

    static float IInt8Block.DotBlocksScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotBlocksScalar(blocks, activations, blockCount, Bytes, Qs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<byte> IInt8Block.Unpack512(ref byte block) =>
        Vector512.Create(Vector256.LoadUnsafe(ref block, Qs), Vector256.LoadUnsafe(ref block, Bytes + Qs));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> IInt8Block.Unpack256(ref byte block) => Vector256.LoadUnsafe(ref block, Qs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackLow128(ref byte block) => Vector128.LoadUnsafe(ref block, Qs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackHigh128(ref byte block) => Vector128.LoadUnsafe(ref block, Qs + 16);

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q8_0>.Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q8_0>.Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q8_0>.Dot128(blocks, activations, blockCount);
}
