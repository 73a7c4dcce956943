using System.Runtime.CompilerServices;

namespace Augur.Tensors.Quant;

/// <summary>
/// The 12-byte field of Q4_K and Q5_K that packs eight 6-bit sub-block scales and eight 6-bit mins
/// (ggml's <c>get_scale_min_k4</c>). Bytes 0-3: scales 0-3 in bits 0-5, bits 4-5 of scales 4-7 in bits 6-7.
/// Bytes 4-7: mins 0-3 in bits 0-5, bits 4-5 of mins 4-7 in bits 6-7. Bytes 8-11: bits 0-3 of scale 4+i in the
/// low nibble and of min 4+i in the high nibble.
/// </summary>
internal static class KQuantScales
{
    /// <summary>Bytes of the packed field.</summary>
    public const int PackedBytes = 12;

    /// <summary>
    /// Unpacks the field into two little-endian byte lanes: byte j of <paramref name="scales"/> is sub-block j's scale,
    /// byte j of <paramref name="mins"/> its min.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unpack(ref byte packed, out ulong scales, out ulong mins)
    {
        uint a = BlockReader.UInt32(ref packed, 0);
        uint b = BlockReader.UInt32(ref packed, 4);
        uint c = BlockReader.UInt32(ref packed, 8);
        const uint Low6 = 0x3F3F3F3F, Low4 = 0x0F0F0F0F, Low2 = 0x03030303;
        uint scalesHigh = (c & Low4) | (((a >> 6) & Low2) << 4);
        uint minsHigh = ((c >> 4) & Low4) | (((b >> 6) & Low2) << 4);
        scales = (a & Low6) | ((ulong)scalesHigh << 32);
        mins = (b & Low6) | ((ulong)minsHigh << 32);
    }

    /// <summary>Scale and min of sub-block <paramref name="j"/> (0-7), one at a time, as ggml's get_scale_min_k4.</summary>
    public static (int Scale, int Min) Get(ReadOnlySpan<byte> packed, int j)
    {
        if (j < 4)
            return (packed[j] & 63, packed[j + 4] & 63);
        return ((packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4), (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4));
    }

    /// <summary>Packs scale and min (both 0-63) of sub-block <paramref name="j"/>. Call for j = 0..7 in order: j &lt; 4 writes whole bytes that j ≥ 4 then ORs into.</summary>
    public static void Set(Span<byte> packed, int j, int scale, int min)
    {
        if (j < 4)
        {
            packed[j] = (byte)scale;
            packed[j + 4] = (byte)min;
        }
        else
        {
            packed[j + 4] = (byte)((scale & 0xF) | ((min & 0xF) << 4));
            packed[j - 4] |= (byte)((scale >> 4) << 6);
            packed[j] |= (byte)((min >> 4) << 6);
        }
    }

    /// <summary>
    /// Σ bsums[k]·mins[k/2] over a Q8_K block's 16 sums of 16: the activation sum each sub-block's min multiplies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MinTerm(ref byte bsums, ulong mins)
    {
        int sum = 0;
        for (int k = 0; k < 16; k++)
            sum += BlockReader.Int16(ref bsums, (nuint)(2 * k)) * (byte)(mins >> (8 * (k >> 1)));
        return sum;
    }
}
