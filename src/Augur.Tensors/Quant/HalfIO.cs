using System.Runtime.CompilerServices;

namespace Augur.Tensors.Quant;

/// <summary>Reads and writes the little-endian IEEE half (<c>ggml_half</c>) scale fields of ggml blocks.</summary>
internal static class HalfIO
{
    // 2^(127 − 15): moves a half's exponent field, placed in a float's, to the float bias.
    private const float ExponentShift = 5.192296858534828e33f;

    /// <summary>The half at byte <paramref name="offset"/> from <paramref name="block"/>, widened to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Read(ref byte block, int offset) => ToSingle(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref block, offset)));

    /// <summary>The half at byte <paramref name="offset"/> of <paramref name="block"/>, widened to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Read(ReadOnlySpan<byte> block, int offset) => ToSingle(Unsafe.ReadUnaligned<ushort>(in block[offset]));

    /// <summary>Stores <paramref name="value"/> rounded to half (round-to-nearest-even, as GGML_FP32_TO_FP16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Span<byte> block, int offset, float value) => Unsafe.WriteUnaligned(ref block[offset], (Half)value);

    /// <summary>
    /// Exact half → float, inlined: .NET 10's <c>(float)Half</c> is an out-of-line software call, which cost more than
    /// the integer work of a whole block in the dot products.
    /// </summary>
    /// <remarks>
    /// The half's exponent and mantissa, shifted into a float's fields, read as a float 2^112 too small, subnormals
    /// included; one multiply fixes that exactly. Infinities and NaNs (exponent 31) get the float's all-ones exponent.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort bits)
    {
        uint magnitude = (uint)(bits & 0x7FFF) << 13;
        uint result = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(magnitude) * ExponentShift);
        if ((bits & 0x7C00) == 0x7C00)
            result = magnitude | 0x7F80_0000;
        return BitConverter.UInt32BitsToSingle(result | ((uint)(bits & 0x8000) << 16));
    }
}
