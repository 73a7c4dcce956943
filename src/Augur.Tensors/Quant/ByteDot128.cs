using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>
/// The 16-byte integer multiply-accumulate steps of the Vector128 K-quant kernels, with one implementation per ISA.
/// The kernels are generic over it, so both variants can be compiled and tested on any machine.
/// Results are spread over the four int lanes in an unspecified way: callers only ever sum them.
/// </summary>
internal interface IByteDot128
{
    /// <summary>scale · Σ u[i]·s[i] over 16 bytes. Requires u[i] ≤ 127 so pair sums cannot saturate 16 bits.</summary>
    static abstract Vector128<int> MulAdd(Vector128<byte> u, Vector128<sbyte> s, short scale);

    /// <summary>Σ a[i]·b[i] over 16 signed bytes, exact for all inputs.</summary>
    static abstract Vector128<int> MulAddSigned(Vector128<sbyte> a, Vector128<sbyte> b);
}

/// <summary>x86 SSSE3: pmaddubsw then pmaddwd against the broadcast scale.</summary>
internal readonly struct Ssse3ByteDot : IByteDot128
{
    public static Vector128<int> MulAdd(Vector128<byte> u, Vector128<sbyte> s, short scale) =>
        Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(u, s), Vector128.Create(scale));

    public static Vector128<int> MulAddSigned(Vector128<sbyte> a, Vector128<sbyte> b)
    {
        (Vector128<short> aLow, Vector128<short> aHigh) = Vector128.Widen(a);
        (Vector128<short> bLow, Vector128<short> bHigh) = Vector128.Widen(b);
        return Sse2.MultiplyAddAdjacent(aLow, bLow) + Sse2.MultiplyAddAdjacent(aHigh, bHigh);
    }
}

/// <summary>Cross-platform Vector128 operations (Arm64 AdvSimd, or anything else that accelerates Vector128).</summary>
internal readonly struct PortableByteDot : IByteDot128
{
    public static Vector128<int> MulAdd(Vector128<byte> u, Vector128<sbyte> s, short scale)
    {
        (Vector128<ushort> uLow, Vector128<ushort> uHigh) = Vector128.Widen(u);
        (Vector128<short> sLow, Vector128<short> sHigh) = Vector128.Widen(s);
        // Each product is at most 127·128 in magnitude, so a sum of two still fits 16 bits.
        Vector128<short> pairs = uLow.AsInt16() * sLow + uHigh.AsInt16() * sHigh;
        (Vector128<int> low, Vector128<int> high) = Vector128.Widen(pairs);
        return (low + high) * Vector128.Create((int)scale);
    }

    public static Vector128<int> MulAddSigned(Vector128<sbyte> a, Vector128<sbyte> b)
    {
        (Vector128<short> aLow, Vector128<short> aHigh) = Vector128.Widen(a);
        (Vector128<short> bLow, Vector128<short> bHigh) = Vector128.Widen(b);
        // (−128)² = 16384 still fits a short; sums of two products might not, so widen before adding.
        (Vector128<int> p0, Vector128<int> p1) = Vector128.Widen(aLow * bLow);
        (Vector128<int> p2, Vector128<int> p3) = Vector128.Widen(aHigh * bHigh);
        return p0 + p1 + (p2 + p3);
    }
}
