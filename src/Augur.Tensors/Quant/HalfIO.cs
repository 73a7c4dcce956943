using System.Runtime.CompilerServices;

namespace Augur.Tensors.Quant;

/// <summary>Reads and writes the little-endian IEEE half (<c>ggml_half</c>) scale fields of ggml blocks.</summary>
internal static class HalfIO
{
    /// <summary>The half at byte <paramref name="offset"/> from <paramref name="block"/>, widened to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Read(ref byte block, int offset) =>
        (float)Unsafe.ReadUnaligned<Half>(ref Unsafe.Add(ref block, offset));

    /// <summary>The half at byte <paramref name="offset"/> of <paramref name="block"/>, widened to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Read(ReadOnlySpan<byte> block, int offset) =>
        (float)Unsafe.ReadUnaligned<Half>(in block[offset]);

    /// <summary>Stores <paramref name="value"/> rounded to half (round-to-nearest-even, as GGML_FP32_TO_FP16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Span<byte> block, int offset, float value) =>
        Unsafe.WriteUnaligned(ref block[offset], (Half)value);
}
