using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

// SIMD kernels of Q5_K · Q8_K, bit-identical to DotScalar (same per-block integers, same float steps).
public readonly partial struct Q5_K
{
    internal static float DotVector512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        Vector256<byte> low4 = Vector256.Create((byte)0x0F), bit0 = Vector256.Create((byte)1), bit1 = Vector256.Create((byte)2);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            KQuantScales.Unpack(ref Unsafe.Add(ref x, xo + ScalesOffset), out ulong scales, out ulong mins);
            Vector256<byte> qh = Vector256.LoadUnsafe(ref x, xo + QhOffset);
            Vector512<int> acc = Vector512<int>.Zero;
            for (int c = 0; c < 4; c++)
            {
                Vector256<byte> q4 = Vector256.LoadUnsafe(ref x, xo + QsOffset + (nuint)(32 * c));
                Vector256<byte> h = KQuantSimd.Shr(qh, 2 * c);
                Vector256<byte> low = (q4 & low4) | KQuantSimd.Shl(h & bit0, 4);
                Vector256<byte> high = (KQuantSimd.Shr(q4, 4) & low4) | KQuantSimd.Shl(h & bit1, 3);
                Vector512<byte> q8 = Vector512.LoadUnsafe(ref y, yo + Q8_K.QsOffset + (nuint)(64 * c));
                Vector512<short> sc = Vector512.Create(
                    Vector256.Create((short)(byte)(scales >> (16 * c))), Vector256.Create((short)(byte)(scales >> (16 * c + 8))));
                acc += KQuantSimd.MulAdd(Vector512.Create(low, high), q8, sc);
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
        Vector256<byte> low4 = Vector256.Create((byte)0x0F), bit0 = Vector256.Create((byte)1), bit1 = Vector256.Create((byte)2);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            KQuantScales.Unpack(ref Unsafe.Add(ref x, xo + ScalesOffset), out ulong scales, out ulong mins);
            Vector256<byte> qh = Vector256.LoadUnsafe(ref x, xo + QhOffset);
            Vector256<int> acc = Vector256<int>.Zero;
            for (int c = 0; c < 4; c++)
            {
                Vector256<byte> q4 = Vector256.LoadUnsafe(ref x, xo + QsOffset + (nuint)(32 * c));
                Vector256<byte> h = KQuantSimd.Shr(qh, 2 * c);
                Vector256<byte> low = (q4 & low4) | KQuantSimd.Shl(h & bit0, 4);
                Vector256<byte> high = (KQuantSimd.Shr(q4, 4) & low4) | KQuantSimd.Shl(h & bit1, 3);
                nuint q8 = yo + Q8_K.QsOffset + (nuint)(64 * c);
                acc += KQuantSimd.MulAdd(low, Vector256.LoadUnsafe(ref y, q8), Vector256.Create((short)(byte)(scales >> (16 * c))));
                acc += KQuantSimd.MulAdd(high, Vector256.LoadUnsafe(ref y, q8 + 32), Vector256.Create((short)(byte)(scales >> (16 * c + 8))));
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
        Vector128<byte> low4 = Vector128.Create((byte)0x0F), bit0 = Vector128.Create((byte)1), bit1 = Vector128.Create((byte)2);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            KQuantScales.Unpack(ref Unsafe.Add(ref x, xo + ScalesOffset), out ulong scales, out ulong mins);
            Vector128<int> acc = Vector128<int>.Zero;
            for (int c = 0; c < 4; c++)
            {
                short scLow = (byte)(scales >> (16 * c)), scHigh = (byte)(scales >> (16 * c + 8));
                for (int part = 0; part < 32; part += 16)
                {
                    Vector128<byte> q4 = Vector128.LoadUnsafe(ref x, xo + QsOffset + (nuint)(32 * c + part));
                    Vector128<byte> h = KQuantSimd.Shr(Vector128.LoadUnsafe(ref x, xo + QhOffset + (nuint)part), 2 * c);
                    Vector128<byte> low = (q4 & low4) | KQuantSimd.Shl(h & bit0, 4);
                    Vector128<byte> high = (KQuantSimd.Shr(q4, 4) & low4) | KQuantSimd.Shl(h & bit1, 3);
                    nuint q8 = yo + Q8_K.QsOffset + (nuint)(64 * c + part);
                    acc += TDot.MulAdd(low, Vector128.LoadUnsafe(ref y, q8).AsSByte(), scLow);
                    acc += TDot.MulAdd(high, Vector128.LoadUnsafe(ref y, q8 + 32).AsSByte(), scHigh);
                }
            }

            int imin = KQuantScales.MinTerm(ref Unsafe.Add(ref y, yo + Q8_K.BsumsOffset), mins);
            float yd = BlockReader.Single(ref y, yo);
            sum += BlockReader.Half(ref x, xo) * yd * Vector128.Sum(acc) - BlockReader.Half(ref x, xo + 2) * yd * imin;
        }

        return sum;
    }
}
