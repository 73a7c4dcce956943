using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Augur.Tensors.Quant;

/// <summary>Little-endian scalar fields read at a byte offset from a reference into block data, without bounds checks.</summary>
internal static class BlockReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Single(ref byte data, nuint offset)
    {
        int bits = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref data, offset));
        return BitConverter.Int32BitsToSingle(BitConverter.IsLittleEndian ? bits : BinaryPrimitives.ReverseEndianness(bits));
    }

    /// <summary>An IEEE half (ggml_fp16_t) widened to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Half(ref byte data, nuint offset)
    {
        ushort bits = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref data, offset));
        return HalfToSingle(BitConverter.IsLittleEndian ? bits : BinaryPrimitives.ReverseEndianness(bits));
    }

    /// <summary>An IEEE half's bits widened to float, exactly (see <see cref="HalfIO.ToSingle"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalfToSingle(ushort bits) => HalfIO.ToSingle(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Int16(ref byte data, nuint offset)
    {
        short value = Unsafe.ReadUnaligned<short>(ref Unsafe.Add(ref data, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UInt32(ref byte data, nuint offset)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref data, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}
