using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

/// <summary>
/// Q6_K in panels: 1680 bytes per panel block, the same as 8 source superblocks, 6 bits per weight. Bytes 0-15 hold the
/// 8 rows' d (halves). Byte 16 + 16i + 2r + k is scale 2i + k (int8) of row r, so one sign-extending load gives, in int
/// lane r, the 16-bit pair of row r's scales 2i and 2i + 1. Byte 144 + 512h + 256p + 32g + 4r + j is source byte
/// ql[64h + 32p + 4g + j] of row r and byte 1168 + 256h + 32g + 4r + j its qh[32h + 4g + j]: in 128-element half h,
/// segment s (32 elements) takes the low (s &lt; 2) or high nibble of part p = s mod 2 and bits 2s, 2s+1 of qh.
/// </summary>
/// <remarks>
/// The kernels multiply the unsigned 6-bit levels q (0..63) with <c>vpdpbusd</c> per 16-element sub-block, scale by the
/// sub-block scales with <c>vpmulld</c>, and remove the zero point exactly as <c>32 · Σ_k sc_k · bsums[k]</c>
/// (<c>vpmaddwd</c>), which is ggml's integer <c>Σ_k sc_k · Σ (q − 32) · qx</c>; then they add <c>d·dx·sumi</c>.
/// </remarks>
internal readonly unsafe struct Q6_KPanel : IKPanelFormat
{
    private const int Scales = 16, Low = 144, High = 1168;

    public static TensorType Source => TensorType.Q6_K;

    public static int PanelBlockBytes => 1680;

    public static bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock)
    {
        block.Slice(Q6_K.DOffset, 2).CopyTo(panelBlock.Slice(2 * row));
        for (int i = 0; i < 8; i++)
            block.Slice(Q6_K.ScalesOffset + 2 * i, 2).CopyTo(panelBlock.Slice(Scales + 16 * i + 2 * row));
        for (int g = 0; g < 32; g++) // ql: 2 halves × 2 parts × 8 groups
            block.Slice(4 * g, 4).CopyTo(panelBlock.Slice(Low + 32 * g + 4 * row));
        for (int g = 0; g < 16; g++) // qh: 2 halves × 8 groups
            block.Slice(Q6_K.QhOffset + 4 * g, 4).CopyTo(panelBlock.Slice(High + 32 * g + 4 * row));
        return PanelScales.IsFinite(block, Q6_K.DOffset);
    }

    public static float DotScalar(ReadOnlySpan<byte> panelBlock, int row, ReadOnlySpan<byte> x)
    {
        ReadOnlySpan<sbyte> qx = MemoryMarshal.Cast<byte, sbyte>(x.Slice(Q8_K.QsOffset, 256));
        int sumi = 0;
        for (int k = 0; k < 16; k++)
        {
            int sub = 0;
            for (int e = 16 * k; e < 16 * k + 16; e++)
                sub += (Level(panelBlock, row, e) - 32) * qx[e];
            sumi += (sbyte)panelBlock[Scales + 16 * (k >> 1) + 2 * row + (k & 1)] * sub;
        }
        return HalfIO.Read(panelBlock, 2 * row) * MemoryMarshal.Read<float>(x) * sumi;
    }

    // NoInlining: each tile is its own JIT root, so the helpers below fit its inlining budget.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector256<float> Tile1<TMultiplyAdd>(byte* panel, int blocks, byte* x)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        Vector256<float> acc = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++, panel += PanelBlockBytes, x += Q8_K.Bytes)
        {
            Vector256<int> sumi = -ZeroPointSum(panel, x);
            for (int h = 0; h < 2; h++)
            {
                byte* low = panel + Low + 512 * h, high = panel + High + 256 * h, qx = x + Q8_K.QsOffset + 128 * h;
                byte* scales = panel + Scales + 64 * h;
                sumi += Segment1<TMultiplyAdd>(low, high, qx, scales, lowShift: 0, highShift: 4)
                    + Segment1<TMultiplyAdd>(low + 256, high, qx + 32, scales + 16, lowShift: 0, highShift: 2)
                    + Segment1<TMultiplyAdd>(low, high, qx + 64, scales + 32, lowShift: 4, highShift: 0)
                    + Segment1<TMultiplyAdd>(low + 256, high, qx + 96, scales + 48, lowShift: 4, highShift: -2);
            }
            acc = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(sumi), PanelScales.Load(ref *panel) * KPanelMath.Scale(x), acc);
        }
        return acc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Tile4<TMultiplyAdd>(byte* panel, int blocks, byte* x, byte* x1, byte* x2, byte* x3, bool prefetch,
        out Vector256<float> acc0, out Vector256<float> acc1, out Vector256<float> acc2, out Vector256<float> acc3)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        acc0 = acc1 = acc2 = acc3 = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++, panel += PanelBlockBytes)
        {
            if (prefetch)
                PanelPrefetch.Ahead(panel, PanelBlockBytes);
            int xo = b * Q8_K.Bytes;
            Vector256<int> s0 = -ZeroPointSum(panel, x + xo), s1 = -ZeroPointSum(panel, x1 + xo);
            Vector256<int> s2 = -ZeroPointSum(panel, x2 + xo), s3 = -ZeroPointSum(panel, x3 + xo);
            for (int h = 0; h < 2; h++)
            {
                byte* low = panel + Low + 512 * h, high = panel + High + 256 * h, scales = panel + Scales + 64 * h;
                int qo = xo + Q8_K.QsOffset + 128 * h;
                Segment4<TMultiplyAdd>(low, high, scales, x, x1, x2, x3, qo, 0, 4, ref s0, ref s1, ref s2, ref s3);
                Segment4<TMultiplyAdd>(low + 256, high, scales + 16, x, x1, x2, x3, qo + 32, 0, 2, ref s0, ref s1, ref s2, ref s3);
                Segment4<TMultiplyAdd>(low, high, scales + 32, x, x1, x2, x3, qo + 64, 4, 0, ref s0, ref s1, ref s2, ref s3);
                Segment4<TMultiplyAdd>(low + 256, high, scales + 48, x, x1, x2, x3, qo + 96, 4, -2, ref s0, ref s1, ref s2, ref s3);
            }
            Vector256<float> d = PanelScales.Load(ref *panel);
            acc0 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(s0), d * KPanelMath.Scale(x + xo), acc0);
            acc1 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(s1), d * KPanelMath.Scale(x1 + xo), acc1);
            acc2 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(s2), d * KPanelMath.Scale(x2 + xo), acc2);
            acc3 = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(s3), d * KPanelMath.Scale(x3 + xo), acc3);
        }
    }

    /// <summary>
    /// One 32-element segment of one token: its two 16-element sub-blocks' exact sums Σ q · qx, times their scales
    /// (the 16-bit pair at <paramref name="scales"/>); the shifts are those of <see cref="Levels"/>, constants.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Segment1<TMultiplyAdd>(byte* low, byte* high, byte* qx, byte* scales, int lowShift, int highShift)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero, b0 = Vector256<int>.Zero, b1 = Vector256<int>.Zero;
        for (int g = 0; g < 4; g += 2)
        {
            a0 = TMultiplyAdd.MultiplyAdd(a0, Levels(low + 32 * g, high + 32 * g, lowShift, highShift), KPanelMath.Group(qx + 4 * g));
            a1 = TMultiplyAdd.MultiplyAdd(a1, Levels(low + 32 * g + 32, high + 32 * g + 32, lowShift, highShift), KPanelMath.Group(qx + 4 * g + 4));
            b0 = TMultiplyAdd.MultiplyAdd(b0, Levels(low + 32 * g + 128, high + 32 * g + 128, lowShift, highShift), KPanelMath.Group(qx + 16 + 4 * g));
            b1 = TMultiplyAdd.MultiplyAdd(b1, Levels(low + 32 * g + 160, high + 32 * g + 160, lowShift, highShift), KPanelMath.Group(qx + 20 + 4 * g));
        }
        Vector256<int> pair = ScalePair(scales);
        return (a0 + a1) * Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(pair, 16), 16) + (b0 + b1) * Vector256.ShiftRightArithmetic(pair, 16);
    }

    /// <summary><see cref="Segment1"/> for 4 tokens sharing every weight load, added to <paramref name="s0"/>..<paramref name="s3"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Segment4<TMultiplyAdd>(byte* low, byte* high, byte* scales, byte* x0, byte* x1, byte* x2, byte* x3, int qo,
        int lowShift, int highShift, ref Vector256<int> s0, ref Vector256<int> s1, ref Vector256<int> s2, ref Vector256<int> s3)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero, a2 = Vector256<int>.Zero, a3 = Vector256<int>.Zero;
        Vector256<int> b0 = Vector256<int>.Zero, b1 = Vector256<int>.Zero, b2 = Vector256<int>.Zero, b3 = Vector256<int>.Zero;
        for (int g = 0; g < 4; g++, qo += 4)
        {
            Vector256<byte> wa = Levels(low + 32 * g, high + 32 * g, lowShift, highShift);
            Vector256<byte> wb = Levels(low + 32 * g + 128, high + 32 * g + 128, lowShift, highShift);
            a0 = TMultiplyAdd.MultiplyAdd(a0, wa, KPanelMath.Group(x0 + qo));
            b0 = TMultiplyAdd.MultiplyAdd(b0, wb, KPanelMath.Group(x0 + qo + 16));
            a1 = TMultiplyAdd.MultiplyAdd(a1, wa, KPanelMath.Group(x1 + qo));
            b1 = TMultiplyAdd.MultiplyAdd(b1, wb, KPanelMath.Group(x1 + qo + 16));
            a2 = TMultiplyAdd.MultiplyAdd(a2, wa, KPanelMath.Group(x2 + qo));
            b2 = TMultiplyAdd.MultiplyAdd(b2, wb, KPanelMath.Group(x2 + qo + 16));
            a3 = TMultiplyAdd.MultiplyAdd(a3, wa, KPanelMath.Group(x3 + qo));
            b3 = TMultiplyAdd.MultiplyAdd(b3, wb, KPanelMath.Group(x3 + qo + 16));
        }
        Vector256<int> pair = ScalePair(scales);
        Vector256<int> scaleA = Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(pair, 16), 16), scaleB = Vector256.ShiftRightArithmetic(pair, 16);
        s0 += a0 * scaleA + b0 * scaleB;
        s1 += a1 * scaleA + b1 * scaleB;
        s2 += a2 * scaleA + b2 * scaleB;
        s3 += a3 * scaleA + b3 * scaleB;
    }

    /// <summary>
    /// The 6-bit levels of 4 elements of 8 rows: a nibble of <paramref name="low"/> (shifted right by
    /// <paramref name="lowShift"/>, 0 or 4) and 2 bits of <paramref name="high"/> moved to bits 4-5 by one shift of the
    /// 16-bit lanes, left by <paramref name="highShift"/> (4, 2, 0 or −2: bits 2s, 2s + 1 of segment s). The bits a
    /// shift moves over a byte edge are ones the masks drop. Both shifts are constants after inlining.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Levels(byte* low, byte* high, int lowShift, int highShift)
    {
        Vector256<ushort> l = Vector256.Load((ushort*)low), h = Vector256.Load((ushort*)high);
        Vector256<ushort> nibble = lowShift == 0 ? l : Vector256.ShiftRightLogical(l, lowShift);
        Vector256<ushort> bits = highShift == 0 ? h : highShift > 0 ? Vector256.ShiftLeft(h, highShift) : Vector256.ShiftRightLogical(h, -highShift);
        return ((nibble & Vector256.Create((ushort)0x0F0F)) | (bits & Vector256.Create((ushort)0x3030))).AsByte();
    }

    /// <summary>Int lane r: row r's scales 2i and 2i + 1 as a sign-extended 16-bit pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ScalePair(byte* scales) => Avx2.ConvertToVector256Int16((sbyte*)scales).AsInt32();

    /// <summary>32 · Σ_k sc_k · bsums[k] for each row: the part of Σ_k sc_k · Σ q · qx that the zero point 32 adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ZeroPointSum(byte* panelBlock, byte* x)
    {
        Vector256<int> sum = Vector256<int>.Zero;
        byte* bsums = x + Q8_K.BsumsOffset;
        for (int i = 0; i < 8; i++)
            sum += Avx2.MultiplyAddAdjacent(ScalePair(panelBlock + Scales + 16 * i).AsInt16(), KPanelMath.Group(bsums + 4 * i).AsInt16());
        return Vector256.ShiftLeft(sum, 5);
    }

    private static int Level(ReadOnlySpan<byte> panelBlock, int row, int e)
    {
        int h = e >> 7, s = (e >> 5) & 3, g = (e >> 2) & 7, j = e & 3;
        int low = (panelBlock[Low + 512 * h + 256 * (s & 1) + 32 * g + 4 * row + j] >> (4 * (s >> 1))) & 0xF;
        int high = (panelBlock[High + 256 * h + 32 * g + 4 * row + j] >> (2 * s)) & 3;
        return low | (high << 4);
    }
}
