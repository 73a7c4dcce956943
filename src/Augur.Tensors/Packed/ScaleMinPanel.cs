using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

/// <summary>
/// A K-quant with 6-bit scales and mins per 32-element sub-block (Q4_K, Q5_K), whose value is d·sc·q − dmin·m. Its
/// panel block starts with the layout they share: bytes 0-15 the 8 rows' d and 16-31 their dmin (halves, row order);
/// byte 32 + 32i + 4r + j (i = 0..2) is byte 4i + j of row r's 12 packed scales and mins (<see cref="KQuantScales"/>),
/// so three 32-byte loads unpack all 8 rows' scales and mins; byte 128 + 256c + 32g + 4r + j is source byte
/// qs[32c + 4g + j] of row r, element 4g + j of sub-block 2c in its low nibble and of sub-block 2c + 1 in its high one.
/// </summary>
internal unsafe interface IScaleMinPanel : IKPanelFormat
{
    /// <summary>
    /// The levels of elements 4g..4g+3 (<paramref name="group"/> g) of sub-blocks 2c and 2c + 1 (<paramref name="chunk"/> c)
    /// of the 8 rows: int lane r holds row r's four.
    /// </summary>
    static abstract (Vector256<byte> Low, Vector256<byte> High) Levels(byte* panelBlock, int chunk, int group);

    /// <summary>
    /// log2 of the factor the high levels of <see cref="Levels"/> carry: Q4_K leaves its high nibble in place (× 16,
    /// one mask instead of a shift and a mask per load), so the kernels shift that sub-block's exact sum right by 4.
    /// </summary>
    static abstract int HighShift { get; }

    /// <summary>The level of element <paramref name="element"/> (0..255) of row slot <paramref name="row"/>, for the scalar reference.</summary>
    static abstract int Level(ReadOnlySpan<byte> panelBlock, int row, int element);
}

/// <summary>
/// The kernels of the <see cref="IScaleMinPanel"/> formats. Per superblock they form ggml's integers
/// <c>sumi = Σ_s sc_s · Σ q · qx</c> (one <c>vpdpbusd</c> per 4 elements of 8 rows, then <c>vpmulld</c> by the sub-block
/// scales, each picked out with one <c>vpshufb</c>) and <c>summ = Σ_s m_s · (bsums[2s] + bsums[2s+1])</c> (<c>vpmaddwd</c> on 16-bit pairs), then add
/// <c>d·dx·sumi − dmin·dx·summ</c> to each row's float sum.
/// </summary>
internal static unsafe class ScaleMinPanel<TPanel> where TPanel : IScaleMinPanel
{
    public const int DminOffset = 16, Scales = 32, Quants = 128, SharedBytes = 1152;

    /// <summary>Writes d, dmin, the scales and the nibbles of a source superblock (scales at <paramref name="scalesOffset"/>, nibbles at <paramref name="quantsOffset"/>).</summary>
    public static void PackShared(ReadOnlySpan<byte> block, int scalesOffset, int quantsOffset, int row, Span<byte> panelBlock)
    {
        block.Slice(0, 2).CopyTo(panelBlock.Slice(2 * row));
        block.Slice(2, 2).CopyTo(panelBlock.Slice(DminOffset + 2 * row));
        for (int i = 0; i < 3; i++)
            block.Slice(scalesOffset + 4 * i, 4).CopyTo(panelBlock.Slice(Scales + 32 * i + 4 * row));
        for (int c = 0; c < 4; c++)
        {
            for (int g = 0; g < 8; g++)
                block.Slice(quantsOffset + 32 * c + 4 * g, 4).CopyTo(panelBlock.Slice(Quants + 256 * c + 32 * g + 4 * row));
        }
    }

    public static float DotScalar(ReadOnlySpan<byte> panelBlock, int row, ReadOnlySpan<byte> x)
    {
        Span<byte> packed = stackalloc byte[KQuantScales.PackedBytes];
        for (int i = 0; i < 3; i++)
            panelBlock.Slice(Scales + 32 * i + 4 * row, 4).CopyTo(packed.Slice(4 * i));
        ReadOnlySpan<sbyte> qx = MemoryMarshal.Cast<byte, sbyte>(x.Slice(Q8_K.QsOffset, 256));
        ReadOnlySpan<short> bsums = MemoryMarshal.Cast<byte, short>(x.Slice(Q8_K.BsumsOffset, 32));
        int sumi = 0, summ = 0;
        for (int s = 0; s < 8; s++)
        {
            (int scale, int min) = KQuantScales.Get(packed, s);
            int sub = 0;
            for (int e = 32 * s; e < 32 * s + 32; e++)
                sub += TPanel.Level(panelBlock, row, e) * qx[e];
            sumi += scale * sub;
            summ += min * (bsums[2 * s] + bsums[2 * s + 1]);
        }
        float dx = MemoryMarshal.Read<float>(x);
        return HalfIO.Read(panelBlock, 2 * row) * dx * sumi - HalfIO.Read(panelBlock, DminOffset + 2 * row) * dx * summ;
    }

    // NoInlining: each tile is its own JIT root, so the helpers below fit its inlining budget.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Vector256<float> Tile1<TMultiplyAdd>(byte* panel, int blocks, byte* x)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        Vector256<float> acc = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++, panel += TPanel.PanelBlockBytes, x += Q8_K.Bytes)
        {
            UnpackScales(panel, out Vector256<int> scalesLow, out Vector256<int> scalesHigh,
                out Vector256<short> mins01, out Vector256<short> mins23, out Vector256<short> mins45, out Vector256<short> mins67);
            Vector256<int> sumi = Chunk1<TMultiplyAdd>(panel, x, 0, scalesLow) + Chunk1<TMultiplyAdd>(panel, x, 1, scalesLow)
                + Chunk1<TMultiplyAdd>(panel, x, 2, scalesHigh) + Chunk1<TMultiplyAdd>(panel, x, 3, scalesHigh);
            acc = Accumulate(acc, sumi, MinSum(x, mins01, mins23, mins45, mins67),
                PanelScales.Load(ref *panel), PanelScales.Load(ref panel[DminOffset]), x);
        }
        return acc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Tile4<TMultiplyAdd>(byte* panel, int blocks, byte* x, byte* x1, byte* x2, byte* x3, bool prefetch,
        out Vector256<float> acc0, out Vector256<float> acc1, out Vector256<float> acc2, out Vector256<float> acc3)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        acc0 = acc1 = acc2 = acc3 = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++, panel += TPanel.PanelBlockBytes)
        {
            if (prefetch)
                PanelPrefetch.Ahead(panel, TPanel.PanelBlockBytes);
            int xo = b * Q8_K.Bytes;
            UnpackScales(panel, out Vector256<int> scalesLow, out Vector256<int> scalesHigh,
                out Vector256<short> mins01, out Vector256<short> mins23, out Vector256<short> mins45, out Vector256<short> mins67);
            Vector256<int> s0 = Vector256<int>.Zero, s1 = Vector256<int>.Zero, s2 = Vector256<int>.Zero, s3 = Vector256<int>.Zero;
            Chunk4<TMultiplyAdd>(panel, x + xo, x1 + xo, x2 + xo, x3 + xo, 0, scalesLow, ref s0, ref s1, ref s2, ref s3);
            Chunk4<TMultiplyAdd>(panel, x + xo, x1 + xo, x2 + xo, x3 + xo, 1, scalesLow, ref s0, ref s1, ref s2, ref s3);
            Chunk4<TMultiplyAdd>(panel, x + xo, x1 + xo, x2 + xo, x3 + xo, 2, scalesHigh, ref s0, ref s1, ref s2, ref s3);
            Chunk4<TMultiplyAdd>(panel, x + xo, x1 + xo, x2 + xo, x3 + xo, 3, scalesHigh, ref s0, ref s1, ref s2, ref s3);
            Vector256<float> d = PanelScales.Load(ref *panel), dmin = PanelScales.Load(ref panel[DminOffset]);
            acc0 = Accumulate(acc0, s0, MinSum(x + xo, mins01, mins23, mins45, mins67), d, dmin, x + xo);
            acc1 = Accumulate(acc1, s1, MinSum(x1 + xo, mins01, mins23, mins45, mins67), d, dmin, x1 + xo);
            acc2 = Accumulate(acc2, s2, MinSum(x2 + xo, mins01, mins23, mins45, mins67), d, dmin, x2 + xo);
            acc3 = Accumulate(acc3, s3, MinSum(x3 + xo, mins01, mins23, mins45, mins67), d, dmin, x3 + xo);
        }
    }

    /// <summary>
    /// Chunk <paramref name="chunk"/> (sub-blocks 2c and 2c + 1, a constant after inlining) of one token's superblock
    /// <paramref name="x"/>: <c>sc_2c · Σ q · qx + sc_2c+1 · Σ q · qx</c> for each row, exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Chunk1<TMultiplyAdd>(byte* panel, byte* x, int chunk, Vector256<int> scales)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        byte* qx = x + Q8_K.QsOffset + 64 * chunk;
        Vector256<int> low0 = Vector256<int>.Zero, low1 = Vector256<int>.Zero, high0 = Vector256<int>.Zero, high1 = Vector256<int>.Zero;
        for (int g = 0; g < 8; g += 2)
        {
            (Vector256<byte> l0, Vector256<byte> h0) = TPanel.Levels(panel, chunk, g);
            (Vector256<byte> l1, Vector256<byte> h1) = TPanel.Levels(panel, chunk, g + 1);
            low0 = TMultiplyAdd.MultiplyAdd(low0, l0, KPanelMath.Group(qx + 4 * g));
            high0 = TMultiplyAdd.MultiplyAdd(high0, h0, KPanelMath.Group(qx + 32 + 4 * g));
            low1 = TMultiplyAdd.MultiplyAdd(low1, l1, KPanelMath.Group(qx + 4 * g + 4));
            high1 = TMultiplyAdd.MultiplyAdd(high1, h1, KPanelMath.Group(qx + 32 + 4 * g + 4));
        }
        return (low0 + low1) * SubScale(scales, 2 * (chunk & 1)) + HighSum(high0 + high1) * SubScale(scales, 2 * (chunk & 1) + 1);
    }

    /// <summary>
    /// <see cref="Chunk1"/> for 4 tokens sharing every weight load, added to <paramref name="s0"/>..<paramref name="s3"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk4<TMultiplyAdd>(byte* panel, byte* x0, byte* x1, byte* x2, byte* x3, int chunk, Vector256<int> scales,
        ref Vector256<int> s0, ref Vector256<int> s1, ref Vector256<int> s2, ref Vector256<int> s3)
        where TMultiplyAdd : IInt8MultiplyAdd
    {
        int qo = Q8_K.QsOffset + 64 * chunk;
        Vector256<int> l0 = Vector256<int>.Zero, l1 = Vector256<int>.Zero, l2 = Vector256<int>.Zero, l3 = Vector256<int>.Zero;
        Vector256<int> h0 = Vector256<int>.Zero, h1 = Vector256<int>.Zero, h2 = Vector256<int>.Zero, h3 = Vector256<int>.Zero;
        for (int g = 0; g < 8; g++, qo += 4)
        {
            (Vector256<byte> wl, Vector256<byte> wh) = TPanel.Levels(panel, chunk, g);
            l0 = TMultiplyAdd.MultiplyAdd(l0, wl, KPanelMath.Group(x0 + qo));
            h0 = TMultiplyAdd.MultiplyAdd(h0, wh, KPanelMath.Group(x0 + qo + 32));
            l1 = TMultiplyAdd.MultiplyAdd(l1, wl, KPanelMath.Group(x1 + qo));
            h1 = TMultiplyAdd.MultiplyAdd(h1, wh, KPanelMath.Group(x1 + qo + 32));
            l2 = TMultiplyAdd.MultiplyAdd(l2, wl, KPanelMath.Group(x2 + qo));
            h2 = TMultiplyAdd.MultiplyAdd(h2, wh, KPanelMath.Group(x2 + qo + 32));
            l3 = TMultiplyAdd.MultiplyAdd(l3, wl, KPanelMath.Group(x3 + qo));
            h3 = TMultiplyAdd.MultiplyAdd(h3, wh, KPanelMath.Group(x3 + qo + 32));
        }
        Vector256<int> scaleLow = SubScale(scales, 2 * (chunk & 1)), scaleHigh = SubScale(scales, 2 * (chunk & 1) + 1);
        s0 += l0 * scaleLow + HighSum(h0) * scaleHigh;
        s1 += l1 * scaleLow + HighSum(h1) * scaleHigh;
        s2 += l2 * scaleLow + HighSum(h2) * scaleHigh;
        s3 += l3 * scaleLow + HighSum(h3) * scaleHigh;
    }

    /// <summary>A high sub-block's exact sum without the factor its levels carry (exact: every product has it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> HighSum(Vector256<int> sum) =>
        TPanel.HighShift == 0 ? sum : Vector256.ShiftRightArithmetic(sum, TPanel.HighShift);

    /// <summary>
    /// The nibbles of group <paramref name="group"/> of chunk <paramref name="chunk"/>: low ones, then high ones in place
    /// (× 16), each one mask (for <see cref="IScaleMinPanel.HighShift"/> 4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<byte> Low, Vector256<byte> High) NibblesInPlace(byte* panelBlock, int chunk, int group)
    {
        Vector256<byte> w = Vector256.Load(panelBlock + Quants + 256 * chunk + 32 * group);
        return (w & Vector256.Create((byte)0x0F), w & Vector256.Create((byte)0xF0));
    }

    /// <summary>The nibbles of group <paramref name="group"/> of chunk <paramref name="chunk"/>: low ones, high ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<byte> Low, Vector256<byte> High) Nibbles(byte* panelBlock, int chunk, int group)
    {
        Vector256<byte> w = Vector256.Load(panelBlock + Quants + 256 * chunk + 32 * group), mask = Vector256.Create((byte)0x0F);
        return (w & mask, Vector256.ShiftRightLogical(w.AsUInt16(), 4).AsByte() & mask);
    }

    /// <summary>The nibble of element <paramref name="element"/> of row slot <paramref name="row"/>.</summary>
    public static int Nibble(ReadOnlySpan<byte> panelBlock, int row, int element)
    {
        int s = element >> 5, e = element & 31;
        return (panelBlock[Quants + 256 * (s >> 1) + 32 * (e >> 2) + 4 * row + (e & 3)] >> (4 * (s & 1))) & 0xF;
    }

    /// <summary>Byte <paramref name="index"/> (a constant) of every int lane, zero-extended: one sub-block's scale for each row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> SubScale(Vector256<int> scales, int index)
    {
        byte k = (byte)index;
        Vector256<byte> control = Vector256.Create(
            k, 0x80, 0x80, 0x80, (byte)(k + 4), 0x80, 0x80, 0x80, (byte)(k + 8), 0x80, 0x80, 0x80, (byte)(k + 12), 0x80, 0x80, 0x80,
            k, 0x80, 0x80, 0x80, (byte)(k + 4), 0x80, 0x80, 0x80, (byte)(k + 8), 0x80, 0x80, 0x80, (byte)(k + 12), 0x80, 0x80, 0x80);
        return Avx2.Shuffle(scales.AsByte(), control).AsInt32();
    }

    /// <summary>
    /// The 8 rows' 6-bit scales as bytes (int lane r of <paramref name="scalesLow"/> holds sub-blocks 0-3 of row r,
    /// <paramref name="scalesHigh"/> 4-7) and their mins as 16-bit pairs (lane r of <paramref name="mins01"/> holds
    /// m0, m1 of row r), as <c>get_scale_min_k4</c> unpacks them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnpackScales(byte* block, out Vector256<int> scalesLow, out Vector256<int> scalesHigh,
        out Vector256<short> mins01, out Vector256<short> mins23, out Vector256<short> mins45, out Vector256<short> mins67)
    {
        Vector256<uint> a = Vector256.Load((uint*)(block + Scales));
        Vector256<uint> b = Vector256.Load((uint*)(block + Scales + 32));
        Vector256<uint> c = Vector256.Load((uint*)(block + Scales + 64));
        Vector256<uint> low6 = Vector256.Create(0x3F3F3F3Fu), low4 = Vector256.Create(0x0F0F0F0Fu), bits45 = Vector256.Create(0x30303030u);
        scalesLow = (a & low6).AsInt32();
        scalesHigh = ((c & low4) | (Vector256.ShiftRightLogical(a, 2) & bits45)).AsInt32();
        Vector256<byte> minsLow = (b & low6).AsByte();
        Vector256<byte> minsHigh = ((Vector256.ShiftRightLogical(c, 4) & low4) | (Vector256.ShiftRightLogical(b, 2) & bits45)).AsByte();
        // Bytes 0 and 1 (then 2 and 3) of each int lane widened to a pair of 16-bit values.
        Vector256<byte> pairs01 = Vector256.Create(
            (byte)0, 0x80, 1, 0x80, 4, 0x80, 5, 0x80, 8, 0x80, 9, 0x80, 12, 0x80, 13, 0x80,
            0, 0x80, 1, 0x80, 4, 0x80, 5, 0x80, 8, 0x80, 9, 0x80, 12, 0x80, 13, 0x80);
        Vector256<byte> pairs23 = pairs01 + Vector256.Create((ushort)2).AsByte();
        mins01 = Avx2.Shuffle(minsLow, pairs01).AsInt16();
        mins23 = Avx2.Shuffle(minsLow, pairs23).AsInt16();
        mins45 = Avx2.Shuffle(minsHigh, pairs01).AsInt16();
        mins67 = Avx2.Shuffle(minsHigh, pairs23).AsInt16();
    }

    /// <summary>ggml's <c>summ = Σ_s m_s · (bsums[2s] + bsums[2s+1])</c> for each row, exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MinSum(byte* x, Vector256<short> mins01, Vector256<short> mins23, Vector256<short> mins45, Vector256<short> mins67)
    {
        Vector256<short> bsums = Vector256.Load((short*)(x + Q8_K.BsumsOffset));
        Vector256<int> sums = Avx2.MultiplyAddAdjacent(bsums, Vector256.Create((short)1)); // the 8 sub-blocks' sums (|s| ≤ 32·127)
        Vector256<int> pairs = Avx2.PackSignedSaturate(sums, sums).AsInt32(); // lane 0: s0, s1; 1: s2, s3; 4: s4, s5; 5: s6, s7
        return Avx2.MultiplyAddAdjacent(mins01, Avx2.PermuteVar8x32(pairs, Vector256.Create(0)).AsInt16())
            + Avx2.MultiplyAddAdjacent(mins23, Avx2.PermuteVar8x32(pairs, Vector256.Create(1)).AsInt16())
            + Avx2.MultiplyAddAdjacent(mins45, Avx2.PermuteVar8x32(pairs, Vector256.Create(4)).AsInt16())
            + Avx2.MultiplyAddAdjacent(mins67, Avx2.PermuteVar8x32(pairs, Vector256.Create(5)).AsInt16());
    }

    /// <summary>acc + d·dx·sumi − dmin·dx·summ for one superblock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Accumulate(Vector256<float> acc, Vector256<int> sumi, Vector256<int> summ, Vector256<float> d, Vector256<float> dmin, byte* x)
    {
        Vector256<float> dx = KPanelMath.Scale(x);
        acc = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(sumi), d * dx, acc);
        return Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(summ), -(dmin * dx), acc);
    }
}
