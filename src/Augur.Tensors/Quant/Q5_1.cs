using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Operators;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q5_1</c>: 32 elements in 24 bytes, <c>{ half d; half m; uint8 qh[4]; uint8 qs[16]; }</c>, quants
/// laid out as in Q5_0; value = q · d + m. Dotted with Q8_1 activations: Σ = dx · dy · Σ q · qy + m · s per block.
/// </summary>
public readonly struct Q5_1 : IQuantFormat, IDotPaths, IInt8Block
{
    private const int Qk = 32;
    private const int Bytes = 24;
    private const int Qh = 4;
    private const int Qs = 8;
    private const int ActivationBytes = 36; // Q8_1
    private const int ActivationQs = 4;

    public static TensorType Type => TensorType.Q5_1;

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
            uint qh = BinaryPrimitives.ReadUInt32LittleEndian(block[Qh..]);
            for (int j = 0; j < Qk; j++)
                y[j] = Q5_0.FiveBitQuant(block, qh, j, Qs) * d + m;
        }
    }

    /// <summary><c>quantize_row_q5_1_ref</c>: d = (max − min) / 31, m = min, q = trunc((x − min) / d + 0.5).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = BlockChecks.Quantize(source, blocks, Qk, Bytes);
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<float> x = source.Slice(b * Qk, Qk);
            Span<byte> block = blocks.Slice(b * Bytes, Bytes);
            (float min, float max) = Q4_1.MinMax(x);
            float d = (max - min) / 31;
            float id = d != 0 ? 1 / d : 0;
            HalfIO.Write(block, 0, d);
            HalfIO.Write(block, 2, min);
            uint qh = 0;
            for (int j = 0; j < Qk / 2; j++)
            {
                // ggml casts to uint8_t without clamping; (x − min) / d never rounds past 31.
                int q0 = (byte)(int)((x[j] - min) * id + 0.5f);
                int q1 = (byte)(int)((x[j + Qk / 2] - min) * id + 0.5f);
                block[Qs + j] = (byte)((q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= (uint)((q0 & 0x10) >> 4) << j;
                qh |= (uint)((q1 & 0x10) >> 4) << (j + Qk / 2);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(block[Qh..], qh);
        }
    }

    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        Int8BlockDot<Q5_1>.Dot(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        DotBlocksScalar(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    /// <summary>ggml's scalar <c>vec_dot_q5_1_q8_1</c>.</summary>
    private static float DotBlocksScalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count)
    {
        float sum = 0;
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<byte> bx = x.Slice(b * Bytes, Bytes);
            ReadOnlySpan<byte> by = y.Slice(b * ActivationBytes, ActivationBytes);
            uint qh = BinaryPrimitives.ReadUInt32LittleEndian(bx[Qh..]);
            int sumi = 0;
            for (int j = 0; j < Qk; j++)
                sumi += Q5_0.FiveBitQuant(bx, qh, j, Qs) * (sbyte)by[ActivationQs + j];
            sum += HalfIO.Read(bx, 0) * HalfIO.Read(by, 0) * sumi + HalfIO.Read(bx, 2) * HalfIO.Read(by, 2);
        }

        return sum;
    }

    static float IInt8Block.DotBlocksScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotBlocksScalar(blocks, activations, blockCount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<byte> IInt8Block.Unpack512(ref byte block)
    {
        ref byte next = ref Unsafe.Add(ref block, Bytes);
        Vector512<byte> nibbles = Vector512.Create(
            Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Qs)), Int8Dot.Nibbles(Vector128.LoadUnsafe(ref next, Qs)));
        return nibbles | FifthBits.Expand(
            Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh)), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref next, Qh)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> IInt8Block.Unpack256(ref byte block) =>
        Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Qs)) | FifthBits.Expand(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackLow128(ref byte block) =>
        Int8Dot.LowNibbles(Vector128.LoadUnsafe(ref block, Qs)) | FifthBits.ExpandLow(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackHigh128(ref byte block) =>
        Int8Dot.HighNibbles(Vector128.LoadUnsafe(ref block, Qs)) | FifthBits.ExpandHigh(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh)));

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q5_1>.Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q5_1>.Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q5_1>.Dot128(blocks, activations, blockCount);
}
