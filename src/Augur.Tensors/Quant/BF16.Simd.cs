using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

// Each vector step reads pairs of bf16 as uint32 lanes: the even element widens by a shift, the odd one by a mask.
// Both rows pair up the same way, so even·even + odd·odd covers every product. Two steps per iteration keep four
// FMA chains in flight; the last partial vector is an overlapping load of the row's last vector with the lanes
// already summed zeroed in both rows. Rows shorter than one vector go to the next narrower path.
public readonly partial struct BF16
{
    private static float Dot512(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        const int Lanes = 32;
        if (n < Lanes)
            return Vector256.IsHardwareAccelerated ? Dot256(x, y, n) : Dot128(x, y, n);
        ref ushort px = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(x));
        ref ushort py = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(y));
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i + 2 * Lanes <= n; i += 2 * Lanes)
        {
            Vector512<uint> x0 = Vector512.LoadUnsafe(ref px, (nuint)i).AsUInt32(), y0 = Vector512.LoadUnsafe(ref py, (nuint)i).AsUInt32();
            Vector512<uint> x1 = Vector512.LoadUnsafe(ref px, (nuint)(i + Lanes)).AsUInt32(), y1 = Vector512.LoadUnsafe(ref py, (nuint)(i + Lanes)).AsUInt32();
            a0 = Vector512.FusedMultiplyAdd(Even(x0), Even(y0), a0);
            a1 = Vector512.FusedMultiplyAdd(Odd(x0), Odd(y0), a1);
            a2 = Vector512.FusedMultiplyAdd(Even(x1), Even(y1), a2);
            a3 = Vector512.FusedMultiplyAdd(Odd(x1), Odd(y1), a3);
        }

        if (i + Lanes <= n)
        {
            Vector512<uint> x0 = Vector512.LoadUnsafe(ref px, (nuint)i).AsUInt32(), y0 = Vector512.LoadUnsafe(ref py, (nuint)i).AsUInt32();
            a0 = Vector512.FusedMultiplyAdd(Even(x0), Even(y0), a0);
            a1 = Vector512.FusedMultiplyAdd(Odd(x0), Odd(y0), a1);
            i += Lanes;
        }

        if (i < n)
        {
            int last = n - Lanes;
            Vector512<uint> fresh = Vector512.GreaterThanOrEqual(Vector512<ushort>.Indices, Vector512.Create((ushort)(i - last))).AsUInt32();
            Vector512<uint> x0 = Vector512.LoadUnsafe(ref px, (nuint)last).AsUInt32() & fresh, y0 = Vector512.LoadUnsafe(ref py, (nuint)last).AsUInt32() & fresh;
            a2 = Vector512.FusedMultiplyAdd(Even(x0), Even(y0), a2);
            a3 = Vector512.FusedMultiplyAdd(Odd(x0), Odd(y0), a3);
        }

        return Vector512.Sum((a0 + a1) + (a2 + a3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Even(Vector512<uint> pairs) => (pairs << 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Odd(Vector512<uint> pairs) => (pairs & Vector512.Create(0xFFFF_0000u)).AsSingle();

    private static float Dot256(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        const int Lanes = 16;
        if (n < Lanes)
            return Dot128(x, y, n);
        ref ushort px = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(x));
        ref ushort py = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(y));
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i + 2 * Lanes <= n; i += 2 * Lanes)
        {
            Vector256<uint> x0 = Vector256.LoadUnsafe(ref px, (nuint)i).AsUInt32(), y0 = Vector256.LoadUnsafe(ref py, (nuint)i).AsUInt32();
            Vector256<uint> x1 = Vector256.LoadUnsafe(ref px, (nuint)(i + Lanes)).AsUInt32(), y1 = Vector256.LoadUnsafe(ref py, (nuint)(i + Lanes)).AsUInt32();
            a0 = Vector256.FusedMultiplyAdd(Even(x0), Even(y0), a0);
            a1 = Vector256.FusedMultiplyAdd(Odd(x0), Odd(y0), a1);
            a2 = Vector256.FusedMultiplyAdd(Even(x1), Even(y1), a2);
            a3 = Vector256.FusedMultiplyAdd(Odd(x1), Odd(y1), a3);
        }

        if (i + Lanes <= n)
        {
            Vector256<uint> x0 = Vector256.LoadUnsafe(ref px, (nuint)i).AsUInt32(), y0 = Vector256.LoadUnsafe(ref py, (nuint)i).AsUInt32();
            a0 = Vector256.FusedMultiplyAdd(Even(x0), Even(y0), a0);
            a1 = Vector256.FusedMultiplyAdd(Odd(x0), Odd(y0), a1);
            i += Lanes;
        }

        if (i < n)
        {
            int last = n - Lanes;
            Vector256<uint> fresh = Vector256.GreaterThanOrEqual(Vector256<ushort>.Indices, Vector256.Create((ushort)(i - last))).AsUInt32();
            Vector256<uint> x0 = Vector256.LoadUnsafe(ref px, (nuint)last).AsUInt32() & fresh, y0 = Vector256.LoadUnsafe(ref py, (nuint)last).AsUInt32() & fresh;
            a2 = Vector256.FusedMultiplyAdd(Even(x0), Even(y0), a2);
            a3 = Vector256.FusedMultiplyAdd(Odd(x0), Odd(y0), a3);
        }

        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Even(Vector256<uint> pairs) => (pairs << 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Odd(Vector256<uint> pairs) => (pairs & Vector256.Create(0xFFFF_0000u)).AsSingle();

    private static float Dot128(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        const int Lanes = 8;
        if (n < Lanes)
            return DotTail(x, y, 0, n, 0);
        ref ushort px = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(x));
        ref ushort py = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, ushort>(y));
        Vector128<float> a0 = Vector128<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i + 2 * Lanes <= n; i += 2 * Lanes)
        {
            Vector128<uint> x0 = Vector128.LoadUnsafe(ref px, (nuint)i).AsUInt32(), y0 = Vector128.LoadUnsafe(ref py, (nuint)i).AsUInt32();
            Vector128<uint> x1 = Vector128.LoadUnsafe(ref px, (nuint)(i + Lanes)).AsUInt32(), y1 = Vector128.LoadUnsafe(ref py, (nuint)(i + Lanes)).AsUInt32();
            a0 = Vector128.FusedMultiplyAdd(Even(x0), Even(y0), a0);
            a1 = Vector128.FusedMultiplyAdd(Odd(x0), Odd(y0), a1);
            a2 = Vector128.FusedMultiplyAdd(Even(x1), Even(y1), a2);
            a3 = Vector128.FusedMultiplyAdd(Odd(x1), Odd(y1), a3);
        }

        if (i + Lanes <= n)
        {
            Vector128<uint> x0 = Vector128.LoadUnsafe(ref px, (nuint)i).AsUInt32(), y0 = Vector128.LoadUnsafe(ref py, (nuint)i).AsUInt32();
            a0 = Vector128.FusedMultiplyAdd(Even(x0), Even(y0), a0);
            a1 = Vector128.FusedMultiplyAdd(Odd(x0), Odd(y0), a1);
            i += Lanes;
        }

        if (i < n)
        {
            int last = n - Lanes;
            Vector128<uint> fresh = Vector128.GreaterThanOrEqual(Vector128<ushort>.Indices, Vector128.Create((ushort)(i - last))).AsUInt32();
            Vector128<uint> x0 = Vector128.LoadUnsafe(ref px, (nuint)last).AsUInt32() & fresh, y0 = Vector128.LoadUnsafe(ref py, (nuint)last).AsUInt32() & fresh;
            a2 = Vector128.FusedMultiplyAdd(Even(x0), Even(y0), a2);
            a3 = Vector128.FusedMultiplyAdd(Odd(x0), Odd(y0), a3);
        }

        return Vector128.Sum((a0 + a1) + (a2 + a3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Even(Vector128<uint> pairs) => (pairs << 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Odd(Vector128<uint> pairs) => (pairs & Vector128.Create(0xFFFF_0000u)).AsSingle();
}
