using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Operators;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q5_0</c>: 32 elements in 22 bytes, <c>{ half d; uint8 qh[4]; uint8 qs[16]; }</c>. The low 4 bits
/// of element j are laid out as in Q4_0; its 5th bit is bit j of qh read as a little-endian uint32.
/// Value = (q − 16) · d. Dotted with Q8_0 activations.
/// </summary>
public readonly struct Q5_0 : IQuantFormat, IDotPaths, IInt8Block
{
    private const int Qk = 32;
    private const int Bytes = 22;
    private const int Qh = 2;
    private const int Qs = 6;
    private const int ActivationBytes = 34; // Q8_0
    private const int ActivationQs = 2;

    public static TensorType Type => TensorType.Q5_0;

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
            uint qh = BinaryPrimitives.ReadUInt32LittleEndian(block[Qh..]);
            for (int j = 0; j < Qk; j++)
                y[j] = (FiveBitQuant(block, qh, j) - 16) * d;
        }
    }

    /// <summary><c>quantize_row_q5_0_ref</c>: d = max / −16 (max: the value of largest magnitude), q = min(31, trunc(x / d + 16.5)).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = BlockChecks.Quantize(source, blocks, Qk, Bytes);
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<float> x = source.Slice(b * Qk, Qk);
            Span<byte> block = blocks.Slice(b * Bytes, Bytes);
            float d = Q4_0.SignedMax(x) / -16;
            float id = d != 0 ? 1 / d : 0;
            HalfIO.Write(block, 0, d);
            uint qh = 0;
            for (int j = 0; j < Qk / 2; j++)
            {
                int q0 = Math.Min(31, (int)(x[j] * id + 16.5f));
                int q1 = Math.Min(31, (int)(x[j + Qk / 2] * id + 16.5f));
                block[Qs + j] = (byte)((q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= (uint)(q0 >> 4) << j;
                qh |= (uint)(q1 >> 4) << (j + Qk / 2);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(block[Qh..], qh);
        }
    }

    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        Int8BlockDot<Q5_0>.Dot(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        DotBlocksScalar(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, ActivationBytes));

    /// <summary>The unsigned 5-bit quant of element <paramref name="j"/> of a Q5 block whose nibbles start at byte <paramref name="qs"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FiveBitQuant(ReadOnlySpan<byte> block, uint qh, int j, int qs = Qs)
    {
        int nibble = j < Qk / 2 ? block[qs + j] & 0x0F : block[qs + j - Qk / 2] >> 4;
        return nibble | (int)(((qh >> j) & 1) << 4);
    }

    /// <summary>ggml's scalar <c>vec_dot_q5_0_q8_0</c>.</summary>
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
                sumi += (FiveBitQuant(bx, qh, j) - 16) * (sbyte)by[ActivationQs + j];
            sum += sumi * HalfIO.Read(bx, 0) * HalfIO.Read(by, 0);
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
        Vector512<byte> high = FifthBits.Expand(
            Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh)), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref next, Qh)));
        return (nibbles | high) - Vector512.Create((byte)16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> IInt8Block.Unpack256(ref byte block) =>
        (Int8Dot.Nibbles(Vector128.LoadUnsafe(ref block, Qs)) | FifthBits.Expand(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh))))
        - Vector256.Create((byte)16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackLow128(ref byte block) =>
        (Int8Dot.LowNibbles(Vector128.LoadUnsafe(ref block, Qs)) | FifthBits.ExpandLow(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh))))
        - Vector128.Create((byte)16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackHigh128(ref byte block) =>
        (Int8Dot.HighNibbles(Vector128.LoadUnsafe(ref block, Qs)) | FifthBits.ExpandHigh(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, Qh))))
        - Vector128.Create((byte)16);

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q5_0>.Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q5_0>.Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q5_0>.Dot128(blocks, activations, blockCount);
}
