using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Packed;

/// <summary>
/// <c>vpdpbusd</c>: each int lane k of the accumulator gains Σ_{j&lt;4} u[4k + j] · s[4k + j], unsigned × signed bytes,
/// without saturation.
/// </summary>
internal interface IInt8MultiplyAdd
{
    /// <summary>Whether this machine can run the implementation.</summary>
    static abstract bool IsSupported { get; }

    static abstract Vector256<int> MultiplyAdd(Vector256<int> accumulator, Vector256<byte> u, Vector256<sbyte> s);
}

/// <summary>The AVX-VNNI instruction itself.</summary>
internal readonly struct VnniMultiplyAdd : IInt8MultiplyAdd
{
    public static bool IsSupported => AvxVnni.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> accumulator, Vector256<byte> u, Vector256<sbyte> s) =>
        AvxVnni.MultiplyWideningAndAdd(accumulator, u, s);
}

/// <summary>
/// AVX2 without VNNI: the even and odd bytes widened to 16 bits, then <c>vpmaddwd</c> on each (products of a byte and a
/// signed byte fit 16 bits once widened; their pair sums fit 32).
/// </summary>
internal readonly struct WidenedMultiplyAdd : IInt8MultiplyAdd
{
    public static bool IsSupported => Avx2.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> accumulator, Vector256<byte> u, Vector256<sbyte> s)
    {
        Vector256<short> uEven = (u.AsInt16() & Vector256.Create((short)0x00FF));
        Vector256<short> uOdd = Avx2.ShiftRightLogical(u.AsInt16(), 8);
        Vector256<short> sEven = Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(s.AsInt16(), 8), 8);
        Vector256<short> sOdd = Avx2.ShiftRightArithmetic(s.AsInt16(), 8);
        return accumulator + Avx2.MultiplyAddAdjacent(uEven, sEven) + Avx2.MultiplyAddAdjacent(uOdd, sOdd);
    }
}
