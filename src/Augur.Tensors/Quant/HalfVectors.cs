using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

/// <summary>
/// IEEE half → float widening in integer SIMD (.NET 10 exposes no <c>vcvtph2ps</c>), the vector form of
/// <see cref="HalfIO.ToSingle"/>.
/// </summary>
/// <remarks>
/// <para>
/// A half placed in the top 16 bits of an int32 lane and shifted right arithmetically by 3 has its exponent and
/// mantissa in a float's fields (bits 27..13) and its sign copied into bits 31..28; masking with <c>0x8FFF_E000</c>
/// keeps the sign at bit 31 and clears the copies. Read as a float that is the half's value times 2^−112, subnormals
/// and zeros included, so one multiply by 2^112 (exact: a power of two, no overflow) finishes normal, subnormal and
/// zero halves. Only exponent 31 (infinities and NaNs) comes out wrong: a finite value in [2^16, 2^17).
/// </para>
/// <para>
/// The exact forms (<see cref="ToSingle(Vector256{ushort})"/> and its narrower siblings) fix those lanes with a
/// compare and a select. The <c>*Finite</c> forms skip that fix: dot products use them and check for exponent 31
/// once per row with <see cref="MaxMagnitude(Vector512{ushort}, Vector512{ushort}, Vector512{ushort})"/>, redoing the
/// rare row that has one with exact scalar code.
/// </para>
/// <para>
/// The <c>*Finite</c> forms read two halves per int32 lane, the low one (the even element in memory) and the high one
/// (the odd element), so the floats come out split by parity rather than in order: right for a dot product, where both
/// rows split the same way.
/// </para>
/// </remarks>
internal static class HalfVectors
{
    /// <summary>2^112 = 2^(127 − 15): moves a half's exponent, placed in a float's field, to the float bias.</summary>
    public const float ExponentShift = 5.192296858534828e33f;

    /// <summary>The sign bit and the 15 exponent and mantissa bits of a half, where the shift by 3 leaves them.</summary>
    public const int SignAndMagnitude = unchecked((int)0x8FFF_E000);

    /// <summary>The exponent field of a half, where the shift by 3 leaves it (all ones: infinity or NaN).</summary>
    public const int ExponentField = 0x0F80_0000;

    /// <summary>Half bits without the sign; at or above <see cref="InfinityBits"/> is an infinity or a NaN.</summary>
    public const ushort MagnitudeMask = 0x7FFF;

    /// <summary>The bits of +∞ as a half.</summary>
    public const ushort InfinityBits = 0x7C00;

    private const int FloatExponentField = 0x7F80_0000;

    /// <summary>16 halves → 16 floats in order, exact for every bit pattern (NaNs keep sign and payload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ToSingle(Vector256<ushort> halves) =>
        FromTop(Vector512.WidenLower(halves.ToVector512Unsafe()).AsInt32() << 16);

    /// <summary>8 halves → 8 floats in order, exact for every bit pattern (NaNs keep sign and payload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToSingle(Vector128<ushort> halves) =>
        FromTop(Vector256.WidenLower(halves.ToVector256Unsafe()).AsInt32() << 16);

    /// <summary>Halves 0..3 of <paramref name="halves"/> → floats, exact; portable Vector128 code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ToSingleLower(Vector128<ushort> halves) => FromTop(Vector128.WidenLower(halves).AsInt32() << 16);

    /// <summary>Halves 4..7 of <paramref name="halves"/> → floats, exact; portable Vector128 code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ToSingleUpper(Vector128<ushort> halves) => FromTop(Vector128.WidenUpper(halves).AsInt32() << 16);

    /// <summary>The low half of each int32 lane (even elements) → float; wrong for infinities and NaNs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> EvenFinite(Vector512<ushort> pairs) => OddFinite((pairs.AsInt32() << 16).AsUInt16());

    /// <summary>The high half of each int32 lane (odd elements) → float; wrong for infinities and NaNs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> OddFinite(Vector512<ushort> pairs) =>
        ((pairs.AsInt32() >> 3) & Vector512.Create(SignAndMagnitude)).AsSingle() * Vector512.Create(ExponentShift);

    /// <inheritdoc cref="EvenFinite(Vector512{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> EvenFinite(Vector256<ushort> pairs) => OddFinite((pairs.AsInt32() << 16).AsUInt16());

    /// <inheritdoc cref="OddFinite(Vector512{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OddFinite(Vector256<ushort> pairs) =>
        ((pairs.AsInt32() >> 3) & Vector256.Create(SignAndMagnitude)).AsSingle() * Vector256.Create(ExponentShift);

    /// <inheritdoc cref="EvenFinite(Vector512{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> EvenFinite(Vector128<ushort> pairs) => OddFinite((pairs.AsInt32() << 16).AsUInt16());

    /// <inheritdoc cref="OddFinite(Vector512{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> OddFinite(Vector128<ushort> pairs) =>
        ((pairs.AsInt32() >> 3) & Vector128.Create(SignAndMagnitude)).AsSingle() * Vector128.Create(ExponentShift);

    /// <summary>
    /// The running lane-wise maximum of the magnitudes (sign cleared) of two vectors of halves: a lane at or above
    /// <see cref="InfinityBits"/> at the end means some half was an infinity or a NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> MaxMagnitude(Vector512<ushort> running, Vector512<ushort> a, Vector512<ushort> b)
    {
        Vector512<ushort> magnitude = Vector512.Create(MagnitudeMask);
        return Vector512.Max(running, Vector512.Max(a & magnitude, b & magnitude));
    }

    /// <inheritdoc cref="MaxMagnitude(Vector512{ushort}, Vector512{ushort}, Vector512{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> MaxMagnitude(Vector256<ushort> running, Vector256<ushort> a, Vector256<ushort> b)
    {
        Vector256<ushort> magnitude = Vector256.Create(MagnitudeMask);
        return Vector256.Max(running, Vector256.Max(a & magnitude, b & magnitude));
    }

    /// <inheritdoc cref="MaxMagnitude(Vector512{ushort}, Vector512{ushort}, Vector512{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> MaxMagnitude(Vector128<ushort> running, Vector128<ushort> a, Vector128<ushort> b)
    {
        Vector128<ushort> magnitude = Vector128.Create(MagnitudeMask);
        return Vector128.Max(running, Vector128.Max(a & magnitude, b & magnitude));
    }

    // Halves in the top 16 bits of each lane (low bits zero) → floats, exponent-31 lanes fixed to ∞/NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> FromTop(Vector512<int> top)
    {
        Vector512<int> bits = (top >> 3) & Vector512.Create(SignAndMagnitude);
        Vector512<float> scaled = bits.AsSingle() * Vector512.Create(ExponentShift);
        Vector512<int> special = Vector512.Equals(bits & Vector512.Create(ExponentField), Vector512.Create(ExponentField));
        return Vector512.ConditionalSelect(special, bits | Vector512.Create(FloatExponentField), scaled.AsInt32()).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> FromTop(Vector256<int> top)
    {
        Vector256<int> bits = (top >> 3) & Vector256.Create(SignAndMagnitude);
        Vector256<float> scaled = bits.AsSingle() * Vector256.Create(ExponentShift);
        Vector256<int> special = Vector256.Equals(bits & Vector256.Create(ExponentField), Vector256.Create(ExponentField));
        return Vector256.ConditionalSelect(special, bits | Vector256.Create(FloatExponentField), scaled.AsInt32()).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> FromTop(Vector128<int> top)
    {
        Vector128<int> bits = (top >> 3) & Vector128.Create(SignAndMagnitude);
        Vector128<float> scaled = bits.AsSingle() * Vector128.Create(ExponentShift);
        Vector128<int> special = Vector128.Equals(bits & Vector128.Create(ExponentField), Vector128.Create(ExponentField));
        return Vector128.ConditionalSelect(special, bits | Vector128.Create(FloatExponentField), scaled.AsInt32()).AsSingle();
    }
}
