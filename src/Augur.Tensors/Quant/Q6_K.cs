using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q6_K</c>: 256 elements in 210 bytes, <c>{ uint8 ql[128]; uint8 qh[64]; int8 scales[16]; half d; }</c>.
/// value = d·scales[e/16]·(q − 32) with q a 6-bit level. Each 128-element half h owns ql[64h..64h+63] and
/// qh[32h..32h+31]; its element 32g + l (g = 0-3, l = 0-31) takes the low nibble (g &lt; 2) or high nibble (g ≥ 2) of
/// ql[64h + 32(g mod 2) + l] and bits 2g, 2g+1 of qh[32h + l] as bits 4-5. Dots against <see cref="Q8_K"/>.
/// </summary>
public readonly partial struct Q6_K : IQuantFormat
{
    internal const int Bytes = 210;
    internal const int QhOffset = 128;
    internal const int ScalesOffset = 192;
    internal const int DOffset = 208;

    public static TensorType Type => TensorType.Q6_K;

    public static int BlockSize => KQuantGuard.BlockSize;

    public static int BlockBytes => Bytes;

    public static TensorType DotType => TensorType.Q8_K;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = KQuantGuard.Dequantize(blocks.Length, Bytes, destination.Length);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> block = blocks.Slice(i * Bytes, Bytes);
            float d = (float)BinaryPrimitives.ReadHalfLittleEndian(block[DOffset..]);
            Span<float> y = destination.Slice(i * 256, 256);
            for (int e = 0; e < 256; e++)
                y[e] = d * (sbyte)block[ScalesOffset + e / 16] * (Level(block, e) - 32);
        }
    }

    /// <summary>
    /// ggml's <c>quantize_row_q6_K_ref</c>: per 16-element sub-block an x²-weighted signed scale search
    /// (<c>make_qx_quants</c>, nmax 32), 8-bit scales with the largest-magnitude one mapped to −128, then requantization.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = KQuantGuard.Quantize(source.Length, blocks.Length, Bytes);
        Span<sbyte> levels = stackalloc sbyte[256];
        Span<float> scales = stackalloc float[16];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> x = source.Slice(i * 256, 256);
            Span<byte> block = blocks.Slice(i * Bytes, Bytes);
            float maxScale = 0, maxAbsScale = 0;
            for (int k = 0; k < 16; k++)
            {
                scales[k] = QuantSearch.MakeQx(x.Slice(16 * k, 16), levels.Slice(16 * k, 16), 32);
                if (MathF.Abs(scales[k]) > maxAbsScale)
                {
                    maxAbsScale = MathF.Abs(scales[k]);
                    maxScale = scales[k];
                }
            }

            block.Clear();
            if (maxAbsScale < QuantSearch.GroupMaxEps)
                continue;

            float iscale = -128f / maxScale;
            Half dHalf = (Half)(1 / iscale);
            BinaryPrimitives.WriteHalfLittleEndian(block[DOffset..], dHalf);
            for (int k = 0; k < 16; k++)
                block[ScalesOffset + k] = (byte)(sbyte)Math.Min(127, QuantSearch.NearestInt(iscale * scales[k]));

            for (int k = 0; k < 16; k++)
            {
                float d = (float)dHalf * (sbyte)block[ScalesOffset + k];
                if (d == 0)
                    continue;
                for (int l = 0; l < 16; l++)
                    levels[16 * k + l] = (sbyte)(Math.Clamp(QuantSearch.NearestInt(x[16 * k + l] / d), -32, 31) + 32);
            }

            for (int h = 0; h < 2; h++)
            {
                for (int l = 0; l < 32; l++)
                {
                    int q0 = levels[128 * h + l], q1 = levels[128 * h + 32 + l], q2 = levels[128 * h + 64 + l], q3 = levels[128 * h + 96 + l];
                    block[64 * h + l] = (byte)((q0 & 0xF) | ((q2 & 0xF) << 4));
                    block[64 * h + 32 + l] = (byte)((q1 & 0xF) | ((q3 & 0xF) << 4));
                    block[QhOffset + 32 * h + l] = (byte)((q0 >> 4) | ((q1 >> 4) << 2) | ((q2 >> 4) << 4) | ((q3 >> 4) << 6));
                }
            }
        }
    }

    /// <summary>Reference integer dot product, as ggml's generic <c>ggml_vec_dot_q6_K_q8_K</c>: Σ_k scales[k]·Σ (q − 32)·q8, times d·d8.</summary>
    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        int count = KQuantGuard.Dot(blocks.Length, Bytes, activations.Length, Q8_K.Bytes, n);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> block = blocks.Slice(i * Bytes, Bytes);
            ReadOnlySpan<byte> y = activations.Slice(i * Q8_K.Bytes, Q8_K.Bytes);
            int isum = 0;
            for (int k = 0; k < 16; k++)
            {
                int sub = 0;
                for (int e = 16 * k; e < 16 * k + 16; e++)
                    sub += (Level(block, e) - 32) * (sbyte)y[Q8_K.QsOffset + e];
                isum += (sbyte)block[ScalesOffset + k] * sub;
            }

            sum += (float)BinaryPrimitives.ReadHalfLittleEndian(block[DOffset..]) * BinaryPrimitives.ReadSingleLittleEndian(y) * isum;
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

    /// <summary>The 6-bit level (0-63) of element <paramref name="e"/> of one block, straight from the layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Level(ReadOnlySpan<byte> block, int e)
    {
        int h = e >> 7, g = (e >> 5) & 3, l = e & 31;
        int low = (block[64 * h + 32 * (g & 1) + l] >> (4 * (g >> 1))) & 0xF;
        int high = (block[QhOffset + 32 * h + l] >> (2 * g)) & 3;
        return low | (high << 4);
    }
}
