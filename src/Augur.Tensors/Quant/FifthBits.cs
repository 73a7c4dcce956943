using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>
/// Expands the <c>qh</c> word of a Q5_0/Q5_1 block (bit j = 5th bit of element j) into bytes that are 0x10 where the bit
/// is set and 0 elsewhere, ready to OR onto the nibbles.
/// </summary>
internal static class FifthBits
{
    // Byte j of the spread vector takes byte j / 8 of qh; BitOfByte then picks bit j % 8 in it.
    private const ulong Byte0 = 0x0000000000000000UL;
    private const ulong Byte1 = 0x0101010101010101UL;
    private const ulong Byte2 = 0x0202020202020202UL;
    private const ulong Byte3 = 0x0303030303030303UL;
    private const ulong BitOfByte = 0x8040201008040201UL;

    /// <summary>Elements 0..31 of one block (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Expand(uint qh)
    {
        // vpshufb works within 128-bit lanes, and each lane holds all four bytes of the broadcast qh.
        Vector256<byte> spread = Avx2.Shuffle(Vector256.Create(qh).AsByte(), Vector256.Create(Byte0, Byte1, Byte2, Byte3).AsByte());
        Vector256<byte> bit = Vector256.Create(BitOfByte).AsByte();
        return Vector256.Equals(spread & bit, bit) & Vector256.Create((byte)0x10);
    }

    /// <summary>Elements 0..31 of two blocks (AVX-512BW): bytes 0..31 from <paramref name="qh0"/>, 32..63 from <paramref name="qh1"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Expand(uint qh0, uint qh1)
    {
        Vector512<byte> source = Vector512.Create(Vector256.Create(qh0), Vector256.Create(qh1)).AsByte();
        Vector512<byte> spread = Avx512BW.Shuffle(source, Vector512.Create(Byte0, Byte1, Byte2, Byte3, Byte0, Byte1, Byte2, Byte3).AsByte());
        Vector512<byte> bit = Vector512.Create(BitOfByte).AsByte();
        return Vector512.Equals(spread & bit, bit) & Vector512.Create((byte)0x10);
    }

    /// <summary>Elements 0..15 (portable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> ExpandLow(uint qh) => Expand128(qh, Vector128.Create(Byte0, Byte1).AsByte());

    /// <summary>Elements 16..31 (portable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> ExpandHigh(uint qh) => Expand128(qh, Vector128.Create(Byte2, Byte3).AsByte());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Expand128(uint qh, Vector128<byte> indices)
    {
        Vector128<byte> spread = Vector128.Shuffle(Vector128.Create(qh).AsByte(), indices);
        Vector128<byte> bit = Vector128.Create(BitOfByte).AsByte();
        return Vector128.Equals(spread & bit, bit) & Vector128.Create((byte)0x10);
    }
}
