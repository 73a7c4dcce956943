using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Operators;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q4_0</c>: 32 elements in 18 bytes, <c>{ half d; uint8 qs[16]; }</c>. Element j (0..15) is the low
/// nibble of qs[j], element j + 16 the high nibble; value = (q − 8) · d. Dotted with Q8_0 activations.
/// </summary>
public readonly struct Q4_0 : IQuantFormat, IDotPaths, IInt8Block
{
    private const int Qk = 32;
    private const int Bytes = 18;
    private const int Qs = 2;
    private const int ActivationBytes = 34; // Q8_0
    private const int ActivationQs = 2;

    public static TensorType Type => TensorType.Q4_0;

    public static int BlockSize => Qk;

    public static int BlockBytes => Bytes;

    public static TensorType DotType => TensorType.Q8_0;

    static int IInt8Block.Stride => Bytes;

    static int IInt8Block.ActivationStride => ActivationBytes;

    static bool IInt8Block.HasMin => false;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, Qk, Bytes);
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<byte> block = blocks.Slice(b * Bytes, Bytes);
            Span<float> y = destination.Slice(b * Qk, Qk);
            float d = HalfIO.Read(block, 0);
            for (int j = 0; j < Qk / 2; j++)
            {
                y[j] = ((block[Qs + j] & 0x0F) - 8) * d;
                y[j + Qk / 2] = ((block[Qs + j] >> 4) - 8) * d;
            }
        }
    }

    /// <summary>
    /// <c>quantize_row_q4_0_ref</c>: d = max / −8 where max is the value of largest magnitude (sign kept),
    /// q = min(15, trunc(x / d + 8.5)).
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = BlockChecks.Quantize(source, blocks, Qk, Bytes);
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<float> x = source.Slice(b * Qk, Qk);
            Span<byte> block = blocks.Slice(b * Bytes, Bytes);
            float d = SignedMax(x) / -8;
            float id = d != 0 ? 1 / d : 0;
            HalfIO.Write(block, 0, d);
            for (int j = 0; j < Qk / 2; j++)
            {
                int q0 = Math.Min(15, (int)(x[j] * id + 8.5f));
                int q1 = Math.Min(15, (int)(x[j + Qk / 2] * id + 8.5f));
                block[Qs + j] = (byte)(q0 | (q1 << 4));
            }
        }
    }

    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        Int8BlockDot<Q4_0>.Dot(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        DotBlocksScalar(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    /// <summary>The first value of largest magnitude, with its sign (ggml's <c>amax</c>/<c>max</c> scan).</summary>
    internal static float SignedMax(ReadOnlySpan<float> x)
    {
        float amax = 0, max = 0;
        foreach (float v in x)
        {
            if (amax < MathF.Abs(v))
            {
                amax = MathF.Abs(v);
                max = v;
            }
        }

        return max;
    }

    /// <summary>ggml's scalar <c>vec_dot_q4_0_q8_0</c>.</summary>
    private static float DotBlocksScalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count)
    {
        float sum = 0;
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<byte> bx = x.Slice(b * Bytes, Bytes);
            ReadOnlySpan<byte> by = y.Slice(b * ActivationBytes, ActivationBytes);
            int sumi = 0;
            for (int j = 0; j < Qk / 2; j++)
            {
                sumi += ((bx[Qs + j] & 0x0F) - 8) * (sbyte)by[ActivationQs + j];
                sumi += ((bx[Qs + j] >> 4) - 8) * (sbyte)by[ActivationQs + j + Qk / 2];
            }

            sum += sumi * HalfIO.Read(bx, 0) * HalfIO.Read(by, 0);
        }

        return sum;
    }

    static float IInt8Block.DotBlocksScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotBlocksScalar(blocks, activations, blockCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<byte> IInt8Block.Unpack512(ref byte block) =>
        Vector512.Create(
            Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Qs)),
            Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Bytes + Qs))) - Vector512.Create((byte)8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> IInt8Block.Unpack256(ref byte block) =>
        Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Qs)) - Vector256.Create((byte)8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackLow128(ref byte block) =>
        Int8Dot.LowNibbles(Vector128.LoadUnsafe(ref block, Qs)) - Vector128.Create((byte)8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackHigh128(ref byte block) =>
        Int8Dot.HighNibbles(Vector128.LoadUnsafe(ref block, Qs)) - Vector128.Create((byte)8);

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q4_0>.Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q4_0>.Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q4_0>.Dot128(blocks, activations, blockCount);
}
