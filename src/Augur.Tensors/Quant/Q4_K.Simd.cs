using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

// SIMD kernels of Q4_K · Q8_K. Each takes validated spans holding at least `count` blocks and computes, per block,
// the same two integers as DotScalar (Σ sc·q·q8 and Σ bsums·m), so all paths return bit-identical results.
public readonly partial struct Q4_K
{
    internal static float DotVector512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        Vector256<byte> low4 = Vector256.Create((byte)0x0F);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            KQuantScales.Unpack(ref Unsafe.Add(ref x, xo + ScalesOffset), out ulong scales, out ulong mins);
            Vector512<int> acc = Vector512<int>.Zero;
            for (int c = 0; c < 4; c++)
            {
                // One 64-element chunk: the 32 low nibbles then the 32 high nibbles, against 64 contiguous q8.
                Vector256<byte> q4 = Vector256.LoadUnsafe(ref x, xo + QsOffset + (nuint)(32 * c));
                Vector512<byte> q = Vector512.Create(q4 & low4, KQuantSimd.Shr(q4, 4) & low4);
                Vector512<byte> q8 = Vector512.LoadUnsafe(ref y, yo + Q8_K.QsOffset + (nuint)(64 * c));
                Vector512<short> sc = Vector512.Create(
                    Vector256.Create((short)(byte)(scales >> (16 * c))), Vector256.Create((short)(byte)(scales >> (16 * c + 8))));
                acc += KQuantSimd.MulAdd(q, q8, sc);
            }

            int imin = KQuantSimd.MinTerm(ref Unsafe.Add(ref y, yo + Q8_K.BsumsOffset), mins);
            float yd = BlockReader.Single(ref y, yo);
            sum += BlockReader.Half(ref x, xo) * yd * Vector512.Sum(acc) - BlockReader.Half(ref x, xo + 2) * yd * imin;
        }

        return sum;
    }

    internal static float DotVector256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        Vector256<byte> low4 = Vector256.Create((byte)0x0F);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            KQuantScales.Unpack(ref Unsafe.Add(ref x, xo + ScalesOffset), out ulong scales, out ulong mins);
            Vector256<int> acc = Vector256<int>.Zero;
            for (int c = 0; c < 4; c++)
            {
                Vector256<byte> q4 = Vector256.LoadUnsafe(ref x, xo + QsOffset + (nuint)(32 * c));
                nuint q8 = yo + Q8_K.QsOffset + (nuint)(64 * c);
                acc += KQuantSimd.MulAdd(q4 & low4, Vector256.LoadUnsafe(ref y, q8), Vector256.Create((short)(byte)(scales >> (16 * c))));
                acc += KQuantSimd.MulAdd(
                    KQuantSimd.Shr(q4, 4) & low4, Vector256.LoadUnsafe(ref y, q8 + 32), Vector256.Create((short)(byte)(scales >> (16 * c + 8))));
            }

            int imin = KQuantSimd.MinTerm(ref Unsafe.Add(ref y, yo + Q8_K.BsumsOffset), mins);
            float yd = BlockReader.Single(ref y, yo);
            sum += BlockReader.Half(ref x, xo) * yd * Vector256.Sum(acc) - BlockReader.Half(ref x, xo + 2) * yd * imin;
        }

        return sum;
    }

    internal static float DotVector128<TDot>(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
        where TDot : IByteDot128
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        Vector128<byte> low4 = Vector128.Create((byte)0x0F);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            KQuantScales.Unpack(ref Unsafe.Add(ref x, xo + ScalesOffset), out ulong scales, out ulong mins);
            Vector128<int> acc = Vector128<int>.Zero;
            for (int c = 0; c < 4; c++)
            {
                short scLow = (byte)(scales >> (16 * c)), scHigh = (byte)(scales >> (16 * c + 8));
                for (int h = 0; h < 32; h += 16)
                {
                    Vector128<byte> q4 = Vector128.LoadUnsafe(ref x, xo + QsOffset + (nuint)(32 * c + h));
                    nuint q8 = yo + Q8_K.QsOffset + (nuint)(64 * c + h);
                    acc += TDot.MulAdd(q4 & low4, Vector128.LoadUnsafe(ref y, q8).AsSByte(), scLow);
                    acc += TDot.MulAdd(KQuantSimd.Shr(q4, 4) & low4, Vector128.LoadUnsafe(ref y, q8 + 32).AsSByte(), scHigh);
                }
            }

            int imin = KQuantScales.MinTerm(ref Unsafe.Add(ref y, yo + Q8_K.BsumsOffset), mins);
            float yd = BlockReader.Single(ref y, yo);
            sum += BlockReader.Half(ref x, xo) * yd * Vector128.Sum(acc) - BlockReader.Half(ref x, xo + 2) * yd * imin;
        }

        return sum;
    }
}
