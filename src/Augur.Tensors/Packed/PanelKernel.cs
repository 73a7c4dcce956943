using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// The panel matrix product: for each panel (8 weight rows) and each token, per 32-element block an exact integer dot
/// product of the 8 rows with the token's quants (one <c>vpdpbusd</c> per 4 elements, int lane r = row r), the zero
/// point removed as <c>2^shift · Σ qx</c>, then scaled by dw · dx into float lane r. Tokens go 4 at a time over two
/// panels (16 rows), so every weight vector loaded serves 4 tokens and every activation broadcast 2 panels; a single
/// token (decode) splits the block over two accumulators instead, and two or three left over go 2 at a time.
/// The first tile over a pair of panels prefetches the panels' next blocks (<see cref="PanelPrefetch"/>).
/// </summary>
/// <remarks>
/// Per block the result is <c>(Σ (qw − z) · qx) · (dw · dx)</c> with an exact integer sum, which is ggml's own
/// order of operations: only the float accumulation over blocks differs from the scalar reference.
/// </remarks>
internal static unsafe class PanelKernel<TPanel, TMultiplyAdd>
    where TPanel : IPanelFormat
    where TMultiplyAdd : IInt8MultiplyAdd
{
    // Activation bytes per token chunk: a quarter of a 1 MiB L2.
    private const int TokenChunkBytes = 256 * 1024;

    /// <summary>
    /// Panels [<paramref name="panelStart"/>, <paramref name="panelEnd"/>) of <paramref name="w"/> against every token:
    /// <c>y[t · yStride + r]</c> for the valid rows r of those panels.
    /// </summary>
    public static void Run(PackedMatrix w, int panelStart, int panelEnd, byte* x, int tokens, float* y, int yStride)
    {
        int blocks = w.BlocksPerRow, xStride = blocks * PanelActivations.BlockBytes;
        // Tokens go in chunks whose activations stay in L2 while every panel of the range passes over them; a panel
        // (a few KiB) stays in L1 across the chunk's tiles.
        int chunk = Math.Max(4, TokenChunkBytes / Math.Max(1, xStride) / 4 * 4);
        for (int t0 = 0; t0 < tokens; t0 += chunk)
        {
            int t1 = Math.Min(tokens, t0 + chunk);
            int p = panelStart;
            for (; p + 2 <= panelEnd && PackedMatrix.PanelRows * (p + 2) <= w.Rows; p += 2)
                TwoPanels(w, p, blocks, x, xStride, t0, t1, y, yStride);
            for (; p < panelEnd; p++)
            {
                byte* panel = w.Panel(p);
                int row0 = p * PackedMatrix.PanelRows, valid = Math.Min(PackedMatrix.PanelRows, w.Rows - row0);
                int t = t0;
                for (; t + 4 <= t1; t += 4)
                {
                    byte* xt = x + (long)t * xStride;
                    Tile4(panel, blocks, xt, xStride, out Vector256<float> a0, out Vector256<float> a1, out Vector256<float> a2, out Vector256<float> a3);
                    float* yt = y + (long)t * yStride + row0;
                    Store(a0, yt, valid);
                    Store(a1, yt + yStride, valid);
                    Store(a2, yt + 2L * yStride, valid);
                    Store(a3, yt + 3L * yStride, valid);
                }
                for (; t < t1; t++)
                    Store(Tile1(panel, blocks, x + (long)t * xStride), y + (long)t * yStride + row0, valid);
            }
        }
    }

    /// <summary>
    /// Panels p and p + 1 (both full) for tokens [t0, t1): 4-token tiles over 16 rows; three left over take a 4-token
    /// tile whose last token repeats (a second pass over the panels costs more than the wasted lanes), two a 2-token
    /// tile, one the single-token kernel. The first tile prefetches.
    /// </summary>
    private static void TwoPanels(PackedMatrix w, int p, int blocks, byte* x, int xStride, int t0, int t1, float* y, int yStride)
    {
        byte* panelA = w.Panel(p), panelB = w.Panel(p + 1);
        int row0 = p * PackedMatrix.PanelRows;
        Vector256<float>* acc = stackalloc Vector256<float>[8];
        int t = t0;
        while (t < t1)
        {
            int n = Math.Min(4, t1 - t);
            byte* xt = x + (long)t * xStride;
            float* yt = y + (long)t * yStride + row0;
            if (n == 1)
            {
                Tile1(panelA, blocks, xt).Store(yt);
                Tile1(panelB, blocks, xt).Store(yt + PackedMatrix.PanelRows);
            }
            else if (n == 2)
            {
                Tile2x2(panelA, panelB, blocks, xt, xt + xStride, acc, prefetch: t == t0);
            }
            else
            {
                byte* x3 = xt + (n - 1) * (long)xStride;
                Tile4x2(panelA, panelB, blocks, xt, xt + xStride, xt + 2L * xStride, x3, acc, prefetch: t == t0);
            }
            if (n > 1)
            {
                for (int i = 0; i < n; i++)
                {
                    acc[i].Store(yt + i * (long)yStride);
                    acc[4 + i].Store(yt + i * (long)yStride + PackedMatrix.PanelRows);
                }
            }
            t += n;
        }
    }

    private static Vector256<float> Tile1(byte* panel, int blocks, byte* x)
    {
        Vector256<float> acc = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++, panel += TPanel.PanelBlockBytes, x += PanelActivations.BlockBytes)
        {
            ref byte w = ref *panel;
            ref byte q = ref Unsafe.Add(ref w, 16);
            // The JIT does not unroll loops: the four pairs are written out.
            (Vector256<int> low, Vector256<int> high) = Pair(ref q, 0, x, Vector256<int>.Zero, Vector256<int>.Zero);
            (low, high) = Pair(ref q, 1, x, low, high);
            (low, high) = Pair(ref q, 2, x, low, high);
            (low, high) = Pair(ref q, 3, x, low, high);
            acc = Accumulate(acc, low + high, x, PanelScales.Load(ref w));
        }
        return acc;
    }

    /// <summary>Groups <paramref name="pair"/> and <paramref name="pair"/> + 4 of one token, into separate accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> Low, Vector256<int> High) Pair(ref byte q, int pair, byte* x, Vector256<int> low, Vector256<int> high)
    {
        (Vector256<byte> wl, Vector256<byte> wh) = TPanel.Load(ref q, pair);
        return (TMultiplyAdd.MultiplyAdd(low, wl, Group(x, pair)), TMultiplyAdd.MultiplyAdd(high, wh, Group(x, pair + 4)));
    }

    private static void Tile4(byte* panel, int blocks, byte* x, int xStride,
        out Vector256<float> acc0, out Vector256<float> acc1, out Vector256<float> acc2, out Vector256<float> acc3)
    {
        // Locals, not the out parameters, inside the loop: those are references the JIT would store through per block.
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        byte* x1 = x + xStride, x2 = x + 2 * xStride, x3 = x + 3 * xStride;
        for (int b = 0; b < blocks; b++, panel += TPanel.PanelBlockBytes)
        {
            int offset = b * PanelActivations.BlockBytes;
            ref byte w = ref *panel;
            ref byte q = ref Unsafe.Add(ref w, 16);
            Vector256<int> i0 = Vector256<int>.Zero, i1 = Vector256<int>.Zero, i2 = Vector256<int>.Zero, i3 = Vector256<int>.Zero;
            Pair4(ref q, 0, x + offset, x1 + offset, x2 + offset, x3 + offset, ref i0, ref i1, ref i2, ref i3);
            Pair4(ref q, 1, x + offset, x1 + offset, x2 + offset, x3 + offset, ref i0, ref i1, ref i2, ref i3);
            Pair4(ref q, 2, x + offset, x1 + offset, x2 + offset, x3 + offset, ref i0, ref i1, ref i2, ref i3);
            Pair4(ref q, 3, x + offset, x1 + offset, x2 + offset, x3 + offset, ref i0, ref i1, ref i2, ref i3);
            Vector256<float> dw = PanelScales.Load(ref w);
            a0 = Accumulate(a0, i0, x + offset, dw);
            a1 = Accumulate(a1, i1, x1 + offset, dw);
            a2 = Accumulate(a2, i2, x2 + offset, dw);
            a3 = Accumulate(a3, i3, x3 + offset, dw);
        }
        (acc0, acc1, acc2, acc3) = (a0, a1, a2, a3);
    }

    /// <summary>
    /// Two panels (16 rows) against 4 tokens: every activation broadcast feeds two <c>vpdpbusd</c>, every weight vector
    /// four. Per row and token the same operations in the same order as <see cref="Tile4"/> and <see cref="Tile1"/>.
    /// </summary>
    private static void Tile4x2(byte* panelA, byte* panelB, int blocks, byte* x, byte* x1, byte* x2, byte* x3, Vector256<float>* acc, bool prefetch)
    {
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int b = 0; b < blocks; b++, panelA += TPanel.PanelBlockBytes, panelB += TPanel.PanelBlockBytes)
        {
            if (prefetch)
            {
                PanelPrefetch.Ahead(panelA, TPanel.PanelBlockBytes);
                PanelPrefetch.Ahead(panelB, TPanel.PanelBlockBytes);
            }
            int offset = b * PanelActivations.BlockBytes;
            ref byte qa = ref Unsafe.Add(ref *panelA, 16);
            ref byte qb = ref Unsafe.Add(ref *panelB, 16);
            Vector256<int> ia0 = Vector256<int>.Zero, ia1 = ia0, ia2 = ia0, ia3 = ia0, ib0 = ia0, ib1 = ia0, ib2 = ia0, ib3 = ia0;
            PairTwoPanels(ref qa, ref qb, 0, x + offset, x1 + offset, x2 + offset, x3 + offset, ref ia0, ref ia1, ref ia2, ref ia3, ref ib0, ref ib1, ref ib2, ref ib3);
            PairTwoPanels(ref qa, ref qb, 1, x + offset, x1 + offset, x2 + offset, x3 + offset, ref ia0, ref ia1, ref ia2, ref ia3, ref ib0, ref ib1, ref ib2, ref ib3);
            PairTwoPanels(ref qa, ref qb, 2, x + offset, x1 + offset, x2 + offset, x3 + offset, ref ia0, ref ia1, ref ia2, ref ia3, ref ib0, ref ib1, ref ib2, ref ib3);
            PairTwoPanels(ref qa, ref qb, 3, x + offset, x1 + offset, x2 + offset, x3 + offset, ref ia0, ref ia1, ref ia2, ref ia3, ref ib0, ref ib1, ref ib2, ref ib3);
            Vector256<float> dwa = PanelScales.Load(ref *panelA), dwb = PanelScales.Load(ref *panelB);
            a0 = Accumulate(a0, ia0, x + offset, dwa);
            a1 = Accumulate(a1, ia1, x1 + offset, dwa);
            a2 = Accumulate(a2, ia2, x2 + offset, dwa);
            a3 = Accumulate(a3, ia3, x3 + offset, dwa);
            b0 = Accumulate(b0, ib0, x + offset, dwb);
            b1 = Accumulate(b1, ib1, x1 + offset, dwb);
            b2 = Accumulate(b2, ib2, x2 + offset, dwb);
            b3 = Accumulate(b3, ib3, x3 + offset, dwb);
        }
        (acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7]) = (a0, a1, a2, a3, b0, b1, b2, b3);
    }

    /// <summary>
    /// Two panels (16 rows) against 2 tokens, <see cref="Tile4x2"/>'s order of operations for half the tokens: rows
    /// of panel A in <c>acc[0..1]</c>, of panel B in <c>acc[4..5]</c>, as <see cref="Tile4x2"/> leaves them.
    /// </summary>
    private static void Tile2x2(byte* panelA, byte* panelB, int blocks, byte* x, byte* x1, Vector256<float>* acc, bool prefetch)
    {
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, b0 = a0, b1 = a0;
        for (int b = 0; b < blocks; b++, panelA += TPanel.PanelBlockBytes, panelB += TPanel.PanelBlockBytes)
        {
            if (prefetch)
            {
                PanelPrefetch.Ahead(panelA, TPanel.PanelBlockBytes);
                PanelPrefetch.Ahead(panelB, TPanel.PanelBlockBytes);
            }
            int offset = b * PanelActivations.BlockBytes;
            ref byte qa = ref Unsafe.Add(ref *panelA, 16);
            ref byte qb = ref Unsafe.Add(ref *panelB, 16);
            Vector256<int> ia0 = Vector256<int>.Zero, ia1 = ia0, ib0 = ia0, ib1 = ia0;
            PairTwoPanels2(ref qa, ref qb, 0, x + offset, x1 + offset, ref ia0, ref ia1, ref ib0, ref ib1);
            PairTwoPanels2(ref qa, ref qb, 1, x + offset, x1 + offset, ref ia0, ref ia1, ref ib0, ref ib1);
            PairTwoPanels2(ref qa, ref qb, 2, x + offset, x1 + offset, ref ia0, ref ia1, ref ib0, ref ib1);
            PairTwoPanels2(ref qa, ref qb, 3, x + offset, x1 + offset, ref ia0, ref ia1, ref ib0, ref ib1);
            Vector256<float> dwa = PanelScales.Load(ref *panelA), dwb = PanelScales.Load(ref *panelB);
            a0 = Accumulate(a0, ia0, x + offset, dwa);
            a1 = Accumulate(a1, ia1, x1 + offset, dwa);
            b0 = Accumulate(b0, ib0, x + offset, dwb);
            b1 = Accumulate(b1, ib1, x1 + offset, dwb);
        }
        (acc[0], acc[1], acc[4], acc[5]) = (a0, a1, b0, b1);
    }

    /// <summary>Groups <paramref name="pair"/> and <paramref name="pair"/> + 4 of two tokens against two panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairTwoPanels2(ref byte qa, ref byte qb, int pair, byte* x0, byte* x1,
        ref Vector256<int> ia0, ref Vector256<int> ia1, ref Vector256<int> ib0, ref Vector256<int> ib1)
    {
        (Vector256<byte> la, Vector256<byte> ha) = TPanel.Load(ref qa, pair);
        (Vector256<byte> lb, Vector256<byte> hb) = TPanel.Load(ref qb, pair);
        Vector256<sbyte> g = Group(x0, pair), h = Group(x0, pair + 4);
        ia0 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ia0, la, g), ha, h);
        ib0 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ib0, lb, g), hb, h);
        g = Group(x1, pair);
        h = Group(x1, pair + 4);
        ia1 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ia1, la, g), ha, h);
        ib1 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ib1, lb, g), hb, h);
    }

    /// <summary>Groups <paramref name="pair"/> and <paramref name="pair"/> + 4 of four tokens against two panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairTwoPanels(ref byte qa, ref byte qb, int pair, byte* x0, byte* x1, byte* x2, byte* x3,
        ref Vector256<int> ia0, ref Vector256<int> ia1, ref Vector256<int> ia2, ref Vector256<int> ia3,
        ref Vector256<int> ib0, ref Vector256<int> ib1, ref Vector256<int> ib2, ref Vector256<int> ib3)
    {
        (Vector256<byte> la, Vector256<byte> ha) = TPanel.Load(ref qa, pair);
        (Vector256<byte> lb, Vector256<byte> hb) = TPanel.Load(ref qb, pair);
        Vector256<sbyte> g = Group(x0, pair), h = Group(x0, pair + 4);
        ia0 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ia0, la, g), ha, h);
        ib0 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ib0, lb, g), hb, h);
        g = Group(x1, pair);
        h = Group(x1, pair + 4);
        ia1 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ia1, la, g), ha, h);
        ib1 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ib1, lb, g), hb, h);
        g = Group(x2, pair);
        h = Group(x2, pair + 4);
        ia2 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ia2, la, g), ha, h);
        ib2 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ib2, lb, g), hb, h);
        g = Group(x3, pair);
        h = Group(x3, pair + 4);
        ia3 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ia3, la, g), ha, h);
        ib3 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(ib3, lb, g), hb, h);
    }

    /// <summary>Groups <paramref name="pair"/> and <paramref name="pair"/> + 4 of four tokens: each weight vector serves all four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair4(ref byte q, int pair, byte* x0, byte* x1, byte* x2, byte* x3,
        ref Vector256<int> i0, ref Vector256<int> i1, ref Vector256<int> i2, ref Vector256<int> i3)
    {
        (Vector256<byte> wl, Vector256<byte> wh) = TPanel.Load(ref q, pair);
        i0 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(i0, wl, Group(x0, pair)), wh, Group(x0, pair + 4));
        i1 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(i1, wl, Group(x1, pair)), wh, Group(x1, pair + 4));
        i2 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(i2, wl, Group(x2, pair)), wh, Group(x2, pair + 4));
        i3 = TMultiplyAdd.MultiplyAdd(TMultiplyAdd.MultiplyAdd(i3, wl, Group(x3, pair)), wh, Group(x3, pair + 4));
    }

    /// <summary>The 4 activation quants of group <paramref name="group"/> in every int lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<sbyte> Group(byte* block, int group) =>
        Vector256.Create(Unsafe.ReadUnaligned<int>(block + PanelActivations.Quants + 4 * group)).AsSByte();

    /// <summary>acc + (isum − z · Σ qx) · (dw · dx) for one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Accumulate(Vector256<float> acc, Vector256<int> sums, byte* block, Vector256<float> dw)
    {
        Vector256<int> zero = Vector256.Create(Unsafe.ReadUnaligned<int>(block + 4) << TPanel.ZeroPointShift);
        Vector256<float> scale = dw * Vector256.Create(Unsafe.ReadUnaligned<float>(block));
        return Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(sums - zero), scale, acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, float* destination, int valid)
    {
        if (valid == PackedMatrix.PanelRows)
        {
            value.Store(destination);
            return;
        }
        for (int r = 0; r < valid; r++)
            destination[r] = value.GetElement(r);
    }
}
