using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q4_K</c>: 256 elements in 144 bytes, <c>{ half d; half dmin; uint8 scales[12]; uint8 qs[128]; }</c>.
/// Eight sub-blocks of 32 each have a 6-bit scale sc and min m (see <see cref="KQuantScales"/>);
/// value = d·sc·q − dmin·m with q a 4-bit level. Each 64-element chunk c owns qs[32c..32c+31]: low nibbles hold
/// elements 0-31 of the chunk (sub-block 2c), high nibbles elements 32-63 (sub-block 2c+1). Dots against <see cref="Q8_K"/>.
/// </summary>
public readonly partial struct Q4_K : IQuantFormat
{
    internal const int Bytes = 144;
    internal const int ScalesOffset = 4;
    internal const int QsOffset = 16;

    public static TensorType Type => TensorType.Q4_K;

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
            ReadOnlySpan<byte> qs = blocks.Slice(i * Bytes + QsOffset, 128);
            Span<float> y = destination.Slice(i * 256, 256);
            for (int c = 0; c < 4; c++)
            {
                float d1 = d * (byte)(scales >> (16 * c)), m1 = dmin * (byte)(mins >> (16 * c));
                float d2 = d * (byte)(scales >> (16 * c + 8)), m2 = dmin * (byte)(mins >> (16 * c + 8));
                for (int l = 0; l < 32; l++)
                {
                    y[64 * c + l] = d1 * (qs[32 * c + l] & 0xF) - m1;
                    y[64 * c + 32 + l] = d2 * (qs[32 * c + l] >> 4) - m2;
                }
            }
        }
    }

    /// <summary>
    /// ggml's <c>quantize_row_q4_K_ref</c>: per sub-block a weighted scale-and-min search
    /// (<c>make_qkx2_quants</c> with nmax 15, rmin −1, rdelta 0.1, 20 steps), 6-bit scales and mins, then requantization.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = KQuantGuard.Quantize(source.Length, blocks.Length, Bytes);
        Span<byte> levels = stackalloc byte[256];
        for (int i = 0; i < count; i++)
        {
            Span<byte> block = blocks.Slice(i * Bytes, Bytes);
            ScaleMinQuantizer.QuantizeBlock(source.Slice(i * 256, 256), block, levels, nmax: 15, rmin: -1f, rdelta: 0.1f, nstep: 20);
            Span<byte> qs = block.Slice(QsOffset, 128);
            for (int c = 0; c < 4; c++)
            {
                for (int l = 0; l < 32; l++)
                    qs[32 * c + l] = (byte)(levels[64 * c + l] | (levels[64 * c + 32 + l] << 4));
            }
        }
    }

    /// <summary>
    /// Reference integer dot product, as ggml's generic <c>ggml_vec_dot_q4_K_q8_K</c>: per block
    /// Σ_j sc_j·Σ q·q8 scaled by d·d8, minus dmin·d8·Σ_k bsums[k]·m_(k/2).
    /// </summary>
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
            ReadOnlySpan<byte> qs = blocks.Slice((int)xo + QsOffset, 128);
            ReadOnlySpan<sbyte> q8 = MemoryMarshal.Cast<byte, sbyte>(activations.Slice((int)yo + Q8_K.QsOffset, 256));
            int isum = 0;
            for (int j = 0; j < 8; j++)
            {
                // Sub-block j: elements 32j..32j+31, in the low (j even) or high (j odd) nibbles of chunk j/2.
                int shift = 4 * (j & 1), sub = 0;
                for (int l = 0; l < 32; l++)
                    sub += ((qs[32 * (j >> 1) + l] >> shift) & 0xF) * q8[32 * j + l];
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
