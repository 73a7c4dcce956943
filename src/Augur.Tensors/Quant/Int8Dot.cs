using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>
/// 8-bit integer dot-product steps shared by the block formats. On x86 these are llama.cpp's AVX2 building blocks:
/// <c>vpmaddubsw</c> (unsigned × signed bytes → pairs summed to int16) then <c>vpmaddwd</c> against ones (→ int32).
/// </summary>
/// <remarks>
/// Signed × signed uses the sign trick: |x| × (y with x's sign), exact while |x| ≤ 128 and y ≠ -128 where x &lt; 0
/// (the quantizers never produce -128). The int16 pair sums cannot saturate for the operand ranges used here:
/// at most 2 · 128 · 127 = 32512.
/// </remarks>
internal static class Int8Dot
{
    /// <summary>Sums of 4 adjacent products x·y (signed × signed); int lane k covers bytes 4k..4k+3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MulSum4(Vector512<sbyte> x, Vector512<sbyte> y)
    {
        Vector512<byte> ax = Avx512BW.Abs(x);
        Vector512<sbyte> sy = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<sbyte>.Zero), Vector512<sbyte>.Zero - y, y);
        return MulSum4(ax, sy);
    }

    /// <summary>Sums of 4 adjacent products x·y (unsigned × signed); int lane k covers bytes 4k..4k+3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MulSum4(Vector512<byte> x, Vector512<sbyte> y) =>
        Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, y), Vector512<short>.One);

    /// <summary>Sums of 4 adjacent products x·y (signed × signed); int lane k covers bytes 4k..4k+3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulSum4(Vector256<sbyte> x, Vector256<sbyte> y) =>
        MulSum4(Avx2.Abs(x), Avx2.Sign(y, x));

    /// <summary>Sums of 4 adjacent products x·y (unsigned × signed); int lane k covers bytes 4k..4k+3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulSum4(Vector256<byte> x, Vector256<sbyte> y) =>
        Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, y), Vector256<short>.One);

    /// <summary>Portable: int lanes whose total is Σ x·y over the 16 signed bytes (lane order is unspecified).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MulSum(Vector128<sbyte> x, Vector128<sbyte> y)
    {
        // |x·y| ≤ 128·128 fits int16, so multiply in int16 and widen the products once.
        (Vector128<short> xl, Vector128<short> xh) = Vector128.Widen(x);
        (Vector128<short> yl, Vector128<short> yh) = Vector128.Widen(y);
        (Vector128<int> a, Vector128<int> b) = Vector128.Widen(xl * yl);
        (Vector128<int> c, Vector128<int> d) = Vector128.Widen(xh * yh);
        return (a + b) + (c + d);
    }

    /// <summary>Portable: int lanes whose total is Σ x·y, x unsigned (≤ 255) and y signed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MulSum(Vector128<byte> x, Vector128<sbyte> y)
    {
        (Vector128<ushort> xl, Vector128<ushort> xh) = Vector128.Widen(x);
        (Vector128<short> yl, Vector128<short> yh) = Vector128.Widen(y);
        // Products reach 255·128, past int16: widen to int32 before multiplying.
        (Vector128<int> xa, Vector128<int> xb) = Vector128.Widen(xl.AsInt16());
        (Vector128<int> xc, Vector128<int> xd) = Vector128.Widen(xh.AsInt16());
        (Vector128<int> ya, Vector128<int> yb) = Vector128.Widen(yl);
        (Vector128<int> yc, Vector128<int> yd) = Vector128.Widen(yh);
        return (xa * ya + xb * yb) + (xc * yc + xd * yd);
    }

    /// <summary>The 32 nibbles of a 4-bit block: element j (0..15) is the low nibble of qs[j], element j + 16 the high one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Nibbles(Vector128<byte> qs) =>
        Vector256.Create(qs, Vector128.ShiftRightLogical(qs, 4)) & Vector256.Create((byte)0x0F);

    /// <summary>Low nibbles (elements 0..15) of a 4-bit block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> LowNibbles(Vector128<byte> qs) => qs & Vector128.Create((byte)0x0F);

    /// <summary>High nibbles (elements 16..31) of a 4-bit block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> HighNibbles(Vector128<byte> qs) => Vector128.ShiftRightLogical(qs, 4) & Vector128.Create((byte)0x0F);
}
