using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

// SIMD bodies of F16.Dot. Each step loads one vector of halves from each row, widens the even and the odd elements
// (HalfVectors.EvenFinite/OddFinite) and adds their products into two of four float accumulators; two steps per
// iteration keep four FMA chains in flight. The last partial vector is an overlapping load of the row's last vector
// with the lanes already summed zeroed in both rows (0 · 0 adds nothing). The running maximum of the magnitudes
// flags infinities and NaNs, which the finite widening gets wrong: such a row is summed again by DotTail.
// Rows shorter than one vector go to the next narrower path.
public readonly partial struct F16
{
    private static float Dot512(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        const int Lanes = 32;
        if (n < Lanes)
            return Vector256.IsHardwareAccelerated ? Dot256(x, y, n) : Dot128(x, y, n);
        ref ushort px = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(x));
        ref ushort py = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(y));
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector512<ushort> top = Vector512<ushort>.Zero;
        int i = 0;
        for (; i + 2 * Lanes <= n; i += 2 * Lanes)
        {
            Vector512<ushort> x0 = Vector512.LoadUnsafe(ref px, (nuint)i), y0 = Vector512.LoadUnsafe(ref py, (nuint)i);
            Vector512<ushort> x1 = Vector512.LoadUnsafe(ref px, (nuint)(i + Lanes)), y1 = Vector512.LoadUnsafe(ref py, (nuint)(i + Lanes));
            top = HalfVectors.MaxMagnitude(HalfVectors.MaxMagnitude(top, x0, y0), x1, y1);
            a0 = Vector512.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a0);
            a1 = Vector512.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a1);
            a2 = Vector512.FusedMultiplyAdd(HalfVectors.EvenFinite(x1), HalfVectors.EvenFinite(y1), a2);
            a3 = Vector512.FusedMultiplyAdd(HalfVectors.OddFinite(x1), HalfVectors.OddFinite(y1), a3);
        }

        if (i + Lanes <= n)
        {
            Vector512<ushort> x0 = Vector512.LoadUnsafe(ref px, (nuint)i), y0 = Vector512.LoadUnsafe(ref py, (nuint)i);
            top = HalfVectors.MaxMagnitude(top, x0, y0);
            a0 = Vector512.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a0);
            a1 = Vector512.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a1);
            i += Lanes;
        }

        if (i < n)
        {
            int last = n - Lanes;
            Vector512<ushort> fresh = Vector512.GreaterThanOrEqual(Vector512<ushort>.Indices, Vector512.Create((ushort)(i - last)));
            Vector512<ushort> x0 = Vector512.LoadUnsafe(ref px, (nuint)last) & fresh, y0 = Vector512.LoadUnsafe(ref py, (nuint)last) & fresh;
            top = HalfVectors.MaxMagnitude(top, x0, y0);
            a2 = Vector512.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a2);
            a3 = Vector512.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a3);
        }

        if (Vector512.GreaterThanOrEqualAny(top, Vector512.Create(HalfVectors.InfinityBits)))
            return DotTail(x, y, 0, n, 0);
        return Vector512.Sum((a0 + a1) + (a2 + a3));
    }

    private static float Dot256(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        const int Lanes = 16;
        if (n < Lanes)
            return Dot128(x, y, n);
        ref ushort px = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(x));
        ref ushort py = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(y));
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector256<ushort> top = Vector256<ushort>.Zero;
        int i = 0;
        for (; i + 2 * Lanes <= n; i += 2 * Lanes)
        {
            Vector256<ushort> x0 = Vector256.LoadUnsafe(ref px, (nuint)i), y0 = Vector256.LoadUnsafe(ref py, (nuint)i);
            Vector256<ushort> x1 = Vector256.LoadUnsafe(ref px, (nuint)(i + Lanes)), y1 = Vector256.LoadUnsafe(ref py, (nuint)(i + Lanes));
            top = HalfVectors.MaxMagnitude(HalfVectors.MaxMagnitude(top, x0, y0), x1, y1);
            a0 = Vector256.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a0);
            a1 = Vector256.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a1);
            a2 = Vector256.FusedMultiplyAdd(HalfVectors.EvenFinite(x1), HalfVectors.EvenFinite(y1), a2);
            a3 = Vector256.FusedMultiplyAdd(HalfVectors.OddFinite(x1), HalfVectors.OddFinite(y1), a3);
        }

        if (i + Lanes <= n)
        {
            Vector256<ushort> x0 = Vector256.LoadUnsafe(ref px, (nuint)i), y0 = Vector256.LoadUnsafe(ref py, (nuint)i);
            top = HalfVectors.MaxMagnitude(top, x0, y0);
            a0 = Vector256.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a0);
            a1 = Vector256.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a1);
            i += Lanes;
        }

        if (i < n)
        {
            int last = n - Lanes;
            Vector256<ushort> fresh = Vector256.GreaterThanOrEqual(Vector256<ushort>.Indices, Vector256.Create((ushort)(i - last)));
            Vector256<ushort> x0 = Vector256.LoadUnsafe(ref px, (nuint)last) & fresh, y0 = Vector256.LoadUnsafe(ref py, (nuint)last) & fresh;
            top = HalfVectors.MaxMagnitude(top, x0, y0);
            a2 = Vector256.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a2);
            a3 = Vector256.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a3);
        }

        if (Vector256.GreaterThanOrEqualAny(top, Vector256.Create(HalfVectors.InfinityBits)))
            return DotTail(x, y, 0, n, 0);
        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }

    private static float Dot128(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        const int Lanes = 8;
        if (n < Lanes)
            return DotTail(x, y, 0, n, 0);
        ref ushort px = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(x));
        ref ushort py = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(y));
        Vector128<float> a0 = Vector128<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector128<ushort> top = Vector128<ushort>.Zero;
        int i = 0;
        for (; i + 2 * Lanes <= n; i += 2 * Lanes)
        {
            Vector128<ushort> x0 = Vector128.LoadUnsafe(ref px, (nuint)i), y0 = Vector128.LoadUnsafe(ref py, (nuint)i);
            Vector128<ushort> x1 = Vector128.LoadUnsafe(ref px, (nuint)(i + Lanes)), y1 = Vector128.LoadUnsafe(ref py, (nuint)(i + Lanes));
            top = HalfVectors.MaxMagnitude(HalfVectors.MaxMagnitude(top, x0, y0), x1, y1);
            a0 = Vector128.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a0);
            a1 = Vector128.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a1);
            a2 = Vector128.FusedMultiplyAdd(HalfVectors.EvenFinite(x1), HalfVectors.EvenFinite(y1), a2);
            a3 = Vector128.FusedMultiplyAdd(HalfVectors.OddFinite(x1), HalfVectors.OddFinite(y1), a3);
        }

        if (i + Lanes <= n)
        {
            Vector128<ushort> x0 = Vector128.LoadUnsafe(ref px, (nuint)i), y0 = Vector128.LoadUnsafe(ref py, (nuint)i);
            top = HalfVectors.MaxMagnitude(top, x0, y0);
            a0 = Vector128.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a0);
            a1 = Vector128.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a1);
            i += Lanes;
        }

        if (i < n)
        {
            int last = n - Lanes;
            Vector128<ushort> fresh = Vector128.GreaterThanOrEqual(Vector128<ushort>.Indices, Vector128.Create((ushort)(i - last)));
            Vector128<ushort> x0 = Vector128.LoadUnsafe(ref px, (nuint)last) & fresh, y0 = Vector128.LoadUnsafe(ref py, (nuint)last) & fresh;
            top = HalfVectors.MaxMagnitude(top, x0, y0);
            a2 = Vector128.FusedMultiplyAdd(HalfVectors.EvenFinite(x0), HalfVectors.EvenFinite(y0), a2);
            a3 = Vector128.FusedMultiplyAdd(HalfVectors.OddFinite(x0), HalfVectors.OddFinite(y0), a3);
        }

        if (Vector128.GreaterThanOrEqualAny(top, Vector128.Create(HalfVectors.InfinityBits)))
            return DotTail(x, y, 0, n, 0);
        return Vector128.Sum((a0 + a1) + (a2 + a3));
    }
}
