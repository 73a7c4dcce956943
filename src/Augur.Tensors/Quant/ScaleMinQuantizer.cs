using System.Buffers.Binary;

namespace Augur.Tensors.Quant;

/// <summary>
/// The part of ggml's <c>quantize_row_q4_K_ref</c> and <c>quantize_row_q5_K_ref</c> that the two share: fit a scale
/// and a min per 32-element sub-block, quantize those to 6 bits against the block's d and dmin, and requantize the
/// elements against the rounded values. The caller packs the levels into its own bit layout.
/// </summary>
internal static class ScaleMinQuantizer
{
    /// <summary>Bytes written to the start of the block: half d, half dmin, 12 bytes of packed scales.</summary>
    public const int HeaderBytes = 16;

    /// <summary>
    /// Quantizes one 256-element block: writes d, dmin and the packed scales to <paramref name="header"/> and the
    /// levels (0..nmax) to <paramref name="levels"/>.
    /// </summary>
    public static void QuantizeBlock(
        ReadOnlySpan<float> x, Span<byte> header, Span<byte> levels, int nmax, float rmin, float rdelta, int nstep)
    {
        Span<float> weights = stackalloc float[32];
        Span<byte> levelsAux = stackalloc byte[32];
        Span<float> scales = stackalloc float[8];
        Span<float> mins = stackalloc float[8];

        // :: Step 1 — fit each sub-block, weighting elements by (rms + |x|) to favour the large ones.
        float maxScale = 0, maxMin = 0;
        for (int j = 0; j < 8; j++)
        {
            ReadOnlySpan<float> xs = x.Slice(32 * j, 32);
            float sumX2 = 0;
            for (int l = 0; l < 32; l++)
                sumX2 += xs[l] * xs[l];
            float avX = MathF.Sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++)
                weights[l] = avX + MathF.Abs(xs[l]);
            scales[j] = QuantSearch.MakeQkx2(xs, weights, levels.Slice(32 * j, 32), levelsAux, nmax, rmin, rdelta, nstep, useMad: false, out mins[j]);
            if (scales[j] > maxScale) maxScale = scales[j];
            if (mins[j] > maxMin) maxMin = mins[j];
        }

        // :: Step 2 — 6-bit scales and mins relative to the largest of each.
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        Span<byte> packed = header.Slice(4, KQuantScales.PackedBytes);
        packed.Clear();
        for (int j = 0; j < 8; j++)
        {
            // ggml stores nearest_int into a uint8_t before capping at 63; the byte cast keeps that wrap-around.
            byte ls = Math.Min((byte)63, (byte)QuantSearch.NearestInt(invScale * scales[j]));
            byte lm = Math.Min((byte)63, (byte)QuantSearch.NearestInt(invMin * mins[j]));
            KQuantScales.Set(packed, j, ls, lm);
        }

        Half dHalf = (Half)(maxScale / 63f);
        Half dminHalf = (Half)(maxMin / 63f);
        BinaryPrimitives.WriteHalfLittleEndian(header, dHalf);
        BinaryPrimitives.WriteHalfLittleEndian(header[2..], dminHalf);

        // :: Step 3 — requantize against the scales as they will be decoded.
        for (int j = 0; j < 8; j++)
        {
            (int sc, int m) = KQuantScales.Get(packed, j);
            float d = (float)dHalf * sc;
            if (d == 0)
                continue;
            float dm = (float)dminHalf * m;
            for (int l = 0; l < 32; l++)
                levels[32 * j + l] = (byte)Math.Clamp(QuantSearch.NearestInt((x[32 * j + l] + dm) / d), 0, nmax);
        }
    }
}
