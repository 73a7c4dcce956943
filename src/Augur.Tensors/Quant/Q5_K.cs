using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q5_K</c>: 256 elements in 176 bytes,
/// <c>{ half d; half dmin; uint8 scales[12]; uint8 qh[32]; uint8 qs[128]; }</c>. As <see cref="Q4_K"/> with a fifth bit:
/// element l (0-31) of sub-block j takes bit j of qh[l] as its value 16. value = d·sc·q − dmin·m. Dots against <see cref="Q8_K"/>.
/// </summary>
public readonly partial struct Q5_K : IQuantFormat
{
    internal const int Bytes = 176;
    internal const int ScalesOffset = 4;
    internal const int QhOffset = 16;
    internal const int QsOffset = 48;

    public static TensorType Type => TensorType.Q5_K;

    public static int BlockSize => KQuantGuard.BlockSize;

    public static int BlockBytes => Bytes;

    public static TensorType DotType => TensorType.Q8_K;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = KQuantGuard.Dequantize(blocks.Length, Bytes, destination.Length);
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        for (int i = 0; i < count; i++)
        {
            nuint o = (nuint)i * Bytes;
            float d = BlockReader.Half(ref x, o);
            float dmin = BlockReader.Half(ref x, o + 2);
            KQuantScales.Unpack(ref Unsafe.Add(ref x, o + ScalesOffset), out ulong scales, out ulong mins);
            ReadOnlySpan<byte> qh = blocks.Slice(i * Bytes + QhOffset, 32);
            ReadOnlySpan<byte> qs = blocks.Slice(i * Bytes + QsOffset, 128);
            Span<float> y = destination.Slice(i * 256, 256);
            for (int c = 0; c < 4; c++)
            {
                float d1 = d * (byte)(scales >> (16 * c)), m1 = dmin * (byte)(mins >> (16 * c));
                float d2 = d * (byte)(scales >> (16 * c + 8)), m2 = dmin * (byte)(mins >> (16 * c + 8));
                for (int l = 0; l < 32; l++)
                {
                    int high1 = ((qh[l] >> (2 * c)) & 1) << 4, high2 = ((qh[l] >> (2 * c + 1)) & 1) << 4;
                    y[64 * c + l] = d1 * ((qs[32 * c + l] & 0xF) | high1) - m1;
                    y[64 * c + 32 + l] = d2 * ((qs[32 * c + l] >> 4) | high2) - m2;
                }
            }
        }
    }

    /// <summary>
    /// ggml's <c>quantize_row_q5_K_ref</c>: as Q4_K's with nmax 31 and the search over rmin −0.5, rdelta 0.1, 15 steps.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = KQuantGuard.Quantize(source.Length, blocks.Length, Bytes);
        Span<byte> levels = stackalloc byte[256];
        for (int i = 0; i < count; i++)
        {
            Span<byte> block = blocks.Slice(i * Bytes, Bytes);
            ScaleMinQuantizer.QuantizeBlock(source.Slice(i * 256, 256), block, levels, nmax: 31, rmin: -0.5f, rdelta: 0.1f, nstep: 15);
            Span<byte> qh = block.Slice(QhOffset, 32);
            Span<byte> qs = block.Slice(QsOffset, 128);
            qh.Clear();
            for (int c = 0; c < 4; c++)
            {
                for (int l = 0; l < 32; l++)
                {
                    int low = levels[64 * c + l], high = levels[64 * c + 32 + l];
                    qh[l] |= (byte)(((low >> 4) << (2 * c)) | ((high >> 4) << (2 * c + 1)));
                    qs[32 * c + l] = (byte)((low & 0xF) | ((high & 0xF) << 4));
                }
            }
        }
    }

    /// <summary>Reference integer dot product, as ggml's generic <c>ggml_vec_dot_q5_K_q8_K</c> (see <see cref="Q4_K.DotScalar"/>).</summary>
    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        int count = KQuantGuard.Dot(blocks.Length, Bytes, activations.Length, Q8_K.Bytes, n);
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint xo = (nuint)i * Bytes, yo = (nuint)i * Q8_K.Bytes;
            KQuantScales.Unpack(ref Unsafe.Add(ref x, xo + ScalesOffset), out ulong scales, out ulong mins);
            ReadOnlySpan<byte> qh = blocks.Slice((int)xo + QhOffset, 32);
            ReadOnlySpan<byte> qs = blocks.Slice((int)xo + QsOffset, 128);
            ReadOnlySpan<sbyte> q8 = MemoryMarshal.Cast<byte, sbyte>(activations.Slice((int)yo + Q8_K.QsOffset, 256));
            int isum = 0;
            for (int j = 0; j < 8; j++)
            {
                int shift = 4 * (j & 1), sub = 0;
                for (int l = 0; l < 32; l++)
                {
                    int q = ((qs[32 * (j >> 1) + l] >> shift) & 0xF) | (((qh[l] >> j) & 1) << 4);
                    sub += q * q8[32 * j + l];
                }

                isum += (byte)(scales >> (8 * j)) * sub;
            }

            int imin = KQuantScales.MinTerm(ref Unsafe.Add(ref y, yo + Q8_K.BsumsOffset), mins);
            float yd = BlockReader.Single(ref y, yo);
            sum += BlockReader.Half(ref x, xo) * yd * isum - BlockReader.Half(ref x, xo + 2) * yd * imin;
        }

        return sum;
    }

    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        int count = KQuantGuard.Dot(blocks.Length, Bytes, activations.Length, Q8_K.Bytes, n);
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported)
            return DotVector512(blocks, activations, count);
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
            return DotVector256(blocks, activations, count);
        if (Vector128.IsHardwareAccelerated)
        {
            return Ssse3.IsSupported
                ? DotVector128<Ssse3ByteDot>(blocks, activations, count)
                : DotVector128<PortableByteDot>(blocks, activations, count);
        }

        return DotScalar(blocks, activations, n);
    }
}
