using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

// SIMD kernels of Q6_K · Q8_K. pmaddubsw needs unsigned weights, so they multiply the raw levels q (0-63) and
// subtract 32·Σ_k scales[k]·bsums[k] afterwards: the same integer as DotScalar's Σ scales·(q − 32)·q8.
public readonly partial struct Q6_K
{
    internal static float DotVector512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            Vector512<int> acc = Vector512<int>.Zero;
            for (int h = 0; h < 2; h++)
            {
                Unpack256(ref x, xo, h, out Vector256<byte> g0, out Vector256<byte> g1, out Vector256<byte> g2, out Vector256<byte> g3);
                nuint q8 = yo + Q8_K.QsOffset + (nuint)(128 * h);
                acc += KQuantSimd.MulAdd(Vector512.Create(g0, g1), Vector512.LoadUnsafe(ref y, q8), Scales512(ref x, xo, 8 * h));
                acc += KQuantSimd.MulAdd(Vector512.Create(g2, g3), Vector512.LoadUnsafe(ref y, q8 + 64), Scales512(ref x, xo, 8 * h + 4));
            }

            int bias = KQuantSimd.ScaledSum(ref Unsafe.Add(ref x, xo + ScalesOffset), ref Unsafe.Add(ref y, yo + Q8_K.BsumsOffset));
            sum += BlockReader.Half(ref x, xo + DOffset) * BlockReader.Single(ref y, yo) * (Vector512.Sum(acc) - 32 * bias);
        }

        return sum;
    }

    internal static float DotVector256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            Vector256<int> acc = Vector256<int>.Zero;
            for (int h = 0; h < 2; h++)
            {
                Unpack256(ref x, xo, h, out Vector256<byte> g0, out Vector256<byte> g1, out Vector256<byte> g2, out Vector256<byte> g3);
                nuint q8 = yo + Q8_K.QsOffset + (nuint)(128 * h);
                acc += KQuantSimd.MulAdd(g0, Vector256.LoadUnsafe(ref y, q8), Scales256(ref x, xo, 8 * h));
                acc += KQuantSimd.MulAdd(g1, Vector256.LoadUnsafe(ref y, q8 + 32), Scales256(ref x, xo, 8 * h + 2));
                acc += KQuantSimd.MulAdd(g2, Vector256.LoadUnsafe(ref y, q8 + 64), Scales256(ref x, xo, 8 * h + 4));
                acc += KQuantSimd.MulAdd(g3, Vector256.LoadUnsafe(ref y, q8 + 96), Scales256(ref x, xo, 8 * h + 6));
            }

            int bias = KQuantSimd.ScaledSum(ref Unsafe.Add(ref x, xo + ScalesOffset), ref Unsafe.Add(ref y, yo + Q8_K.BsumsOffset));
            sum += BlockReader.Half(ref x, xo + DOffset) * BlockReader.Single(ref y, yo) * (Vector256.Sum(acc) - 32 * bias);
        }

        return sum;
    }

    internal static float DotVector128<TDot>(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
        where TDot : IByteDot128
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        Vector128<byte> low4 = Vector128.Create((byte)0x0F), bits = Vector128.Create((byte)0x30);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            Vector128<int> acc = Vector128<int>.Zero;
            for (int h = 0; h < 2; h++)
            {
                for (int part = 0; part < 32; part += 16)
                {
                    Vector128<byte> ql0 = Vector128.LoadUnsafe(ref x, xo + (nuint)(64 * h + part));
                    Vector128<byte> ql1 = Vector128.LoadUnsafe(ref x, xo + (nuint)(64 * h + 32 + part));
                    Vector128<byte> qh = Vector128.LoadUnsafe(ref x, xo + QhOffset + (nuint)(32 * h + part));
                    Vector128<byte> g0 = (ql0 & low4) | (KQuantSimd.Shl(qh, 4) & bits);
                    Vector128<byte> g1 = (ql1 & low4) | (KQuantSimd.Shl(qh, 2) & bits);
                    Vector128<byte> g2 = (KQuantSimd.Shr(ql0, 4) & low4) | (qh & bits);
                    Vector128<byte> g3 = (KQuantSimd.Shr(ql1, 4) & low4) | (KQuantSimd.Shr(qh, 2) & bits);
                    nuint q8 = yo + Q8_K.QsOffset + (nuint)(128 * h + part);
                    int k = 8 * h + part / 16;
                    acc += TDot.MulAdd(g0, Vector128.LoadUnsafe(ref y, q8).AsSByte(), Scale(ref x, xo, k));
                    acc += TDot.MulAdd(g1, Vector128.LoadUnsafe(ref y, q8 + 32).AsSByte(), Scale(ref x, xo, k + 2));
                    acc += TDot.MulAdd(g2, Vector128.LoadUnsafe(ref y, q8 + 64).AsSByte(), Scale(ref x, xo, k + 4));
                    acc += TDot.MulAdd(g3, Vector128.LoadUnsafe(ref y, q8 + 96).AsSByte(), Scale(ref x, xo, k + 6));
                }
            }

            int bias = 0;
            for (int k = 0; k < 16; k++)
                bias += Scale(ref x, xo, k) * BlockReader.Int16(ref y, yo + Q8_K.BsumsOffset + (nuint)(2 * k));
            sum += BlockReader.Half(ref x, xo + DOffset) * BlockReader.Single(ref y, yo) * (Vector128.Sum(acc) - 32 * bias);
        }

        return sum;
    }

    /// <summary>The four 32-element groups of half <paramref name="h"/>, as 6-bit levels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unpack256(
        ref byte x, nuint xo, int h, out Vector256<byte> g0, out Vector256<byte> g1, out Vector256<byte> g2, out Vector256<byte> g3)
    {
        Vector256<byte> low4 = Vector256.Create((byte)0x0F), bits = Vector256.Create((byte)0x30);
        Vector256<byte> ql0 = Vector256.LoadUnsafe(ref x, xo + (nuint)(64 * h));
        Vector256<byte> ql1 = Vector256.LoadUnsafe(ref x, xo + (nuint)(64 * h + 32));
        Vector256<byte> qh = Vector256.LoadUnsafe(ref x, xo + QhOffset + (nuint)(32 * h));
        g0 = (ql0 & low4) | (KQuantSimd.Shl(qh, 4) & bits);
        g1 = (ql1 & low4) | (KQuantSimd.Shl(qh, 2) & bits);
        g2 = (KQuantSimd.Shr(ql0, 4) & low4) | (qh & bits);
        g3 = (KQuantSimd.Shr(ql1, 4) & low4) | (KQuantSimd.Shr(qh, 2) & bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short Scale(ref byte x, nuint xo, int k) => (sbyte)Unsafe.Add(ref x, xo + ScalesOffset + (nuint)k);

    /// <summary>Scales k and k+1 for the two 16-byte halves of a 32-element group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Scales256(ref byte x, nuint xo, int k) =>
        KQuantSimd.Halves(Scale(ref x, xo, k), Scale(ref x, xo, k + 1));

    /// <summary>Scales k..k+3 for the four 16-byte quarters of two consecutive groups.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Scales512(ref byte x, nuint xo, int k) =>
        Vector512.Create(Scales256(ref x, xo, k), Scales256(ref x, xo, k + 2));
}
