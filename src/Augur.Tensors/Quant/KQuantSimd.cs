using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>Vector steps shared by the AVX2 and AVX-512 K-quant kernels.</summary>
internal static class KQuantSimd
{
    /// <summary>
    /// <see cref="KQuantScales.MinTerm"/> with AVX2: the 16 bsums times the 8 mins each repeated twice, by pmaddwd.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MinTerm(ref byte bsums, ulong mins)
    {
        Vector128<byte> m8 = Vector128.CreateScalar(mins).AsByte();
        Vector256<short> m16 = Avx2.ConvertToVector256Int16(Sse2.UnpackLow(m8, m8));
        Vector256<short> sums = Vector256.LoadUnsafe(ref bsums).AsInt16();
        return Vector256.Sum(Avx2.MultiplyAddAdjacent(sums, m16));
    }

    /// <summary>Σ scales[k]·bsums[k] over the 16 signed Q6_K scales and the 16 Q8_K sums, by pmaddwd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ScaledSum(ref byte scales, ref byte bsums)
    {
        Vector256<short> s16 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref scales).AsSByte());
        Vector256<short> sums = Vector256.LoadUnsafe(ref bsums).AsInt16();
        return Vector256.Sum(Avx2.MultiplyAddAdjacent(sums, s16));
    }

    /// <summary>Two 16-bit scales, the first for bytes 0-15 of a 32-byte vector and the second for bytes 16-31.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> Halves(int first, int second) =>
        Vector256.Create(Vector128.Create((short)first), Vector128.Create((short)second));

    /// <summary>pmaddubsw then pmaddwd: Σ u·s per 4 bytes times the 16-bit scale of those bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAdd(Vector256<byte> u, Vector256<byte> s, Vector256<short> scale) =>
        Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(u, s.AsSByte()), scale);

    /// <summary>The 512-bit <see cref="MulAdd(Vector256{byte}, Vector256{byte}, Vector256{short})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MulAdd(Vector512<byte> u, Vector512<byte> s, Vector512<short> scale) =>
        Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(u, s.AsSByte()), scale);

    /// <summary>Logical right shift of each byte (done on 16-bit lanes; callers mask off the bits that cross over).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Shr(Vector256<byte> v, int count) => Vector256.ShiftRightLogical(v.AsUInt16(), count).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Shl(Vector256<byte> v, int count) => Vector256.ShiftLeft(v.AsUInt16(), count).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Shr(Vector128<byte> v, int count) => Vector128.ShiftRightLogical(v.AsUInt16(), count).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Shl(Vector128<byte> v, int count) => Vector128.ShiftLeft(v.AsUInt16(), count).AsByte();
}
