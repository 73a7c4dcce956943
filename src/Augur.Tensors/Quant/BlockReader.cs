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

    /// <summary>
    /// Exact half → float widening without the general conversion's branches: exponent and mantissa move into float
    /// position and a multiply by 2^112 rebiases the exponent (15 → 127), which also normalises subnormals exactly.
    /// Only infinities and NaNs need the explicit all-ones exponent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalfToSingle(ushort bits)
    {
        uint magnitude = bits & 0x7FFFu;
        float value = BitConverter.UInt32BitsToSingle(magnitude << 13) * 5.192296858534828e33f; // 2^112
        uint result = BitConverter.SingleToUInt32Bits(value);
        if (magnitude >= 0x7C00u)
            result = 0x7F800000u | (magnitude << 13);
        return BitConverter.UInt32BitsToSingle(result | ((uint)(bits & 0x8000) << 16));
    }

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
