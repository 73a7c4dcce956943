using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Operators;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q4_1</c>: 32 elements in 20 bytes, <c>{ half d; half m; uint8 qs[16]; }</c>, nibbles laid out as in
/// Q4_0; value = q · d + m. Dotted with Q8_1 activations: Σ = dx · dy · Σ q · qy + m · s per block.
/// </summary>
public readonly struct Q4_1 : IQuantFormat, IDotPaths, IInt8Block
{
    private const int Qk = 32;
    private const int Bytes = 20;
    private const int Qs = 4;
    private const int ActivationBytes = 36; // Q8_1
    private const int ActivationQs = 4;

    public static TensorType Type => TensorType.Q4_1;

    public static int BlockSize => Qk;

    public static int BlockBytes => Bytes;

    public static TensorType DotType => TensorType.Q8_1;

    static int IInt8Block.Stride => Bytes;

    static int IInt8Block.ActivationStride => ActivationBytes;

    static bool IInt8Block.HasMin => true;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, Qk, Bytes);
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<byte> block = blocks.Slice(b * Bytes, Bytes);
            Span<float> y = destination.Slice(b * Qk, Qk);
            float d = HalfIO.Read(block, 0);
            float m = HalfIO.Read(block, 2);
            for (int j = 0; j < Qk / 2; j++)
            {
                y[j] = (block[Qs + j] & 0x0F) * d + m;
                y[j + Qk / 2] = (block[Qs + j] >> 4) * d + m;
            }
        }
    }

    /// <summary><c>quantize_row_q4_1_ref</c>: d = (max − min) / 15, m = min, q = min(15, trunc((x − min) / d + 0.5)).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = BlockChecks.Quantize(source, blocks, Qk, Bytes);
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<float> x = source.Slice(b * Qk, Qk);
            Span<byte> block = blocks.Slice(b * Bytes, Bytes);
            (float min, float max) = MinMax(x);
            float d = (max - min) / 15;
            float id = d != 0 ? 1 / d : 0;
            HalfIO.Write(block, 0, d);
            HalfIO.Write(block, 2, min);
            for (int j = 0; j < Qk / 2; j++)
            {
                int q0 = Math.Min(15, (int)((x[j] - min) * id + 0.5f));
                int q1 = Math.Min(15, (int)((x[j + Qk / 2] - min) * id + 0.5f));
                block[Qs + j] = (byte)(q0 | (q1 << 4));
            }
        }
    }

    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        Int8BlockDot<Q4_1>.Dot(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        DotBlocksScalar(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    /// <summary>ggml's min/max scan, starting from ±FLT_MAX.</summary>
    internal static (float Min, float Max) MinMax(ReadOnlySpan<float> x)
    {
        float min = float.MaxValue, max = -float.MaxValue;
        foreach (float v in x)
        {
            if (v < min)
                min = v;
            if (v > max)
                max = v;
        }

        return (min, max);
    }

    /// <summary>ggml's scalar <c>vec_dot_q4_1_q8_1</c>.</summary>
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
                sumi += (bx[Qs + j] & 0x0F) * (sbyte)by[ActivationQs + j];
                sumi += (bx[Qs + j] >> 4) * (sbyte)by[ActivationQs + j + Qk / 2];
            }

            sum += HalfIO.Read(bx, 0) * HalfIO.Read(by, 0) * sumi + HalfIO.Read(bx, 2) * HalfIO.Read(by, 2);
        }

        return sum;
    }

    static float IInt8Block.DotBlocksScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotBlocksScalar(blocks, activations, blockCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<byte> IInt8Block.Unpack512(ref byte block) =>
        Vector512.Create(Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Qs)), Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Bytes + Qs)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> IInt8Block.Unpack256(ref byte block) => Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Qs));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackLow128(ref byte block) => Int8Dot.LowNibbles(Vector128.LoadUnsafe(ref block, Qs));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackHigh128(ref byte block) => Int8Dot.HighNibbles(Vector128.LoadUnsafe(ref block, Qs));

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q4_1>.Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q4_1>.Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q4_1>.Dot128(blocks, activations, blockCount);
}
