using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// The panel matrix product: for each panel (8 weight rows) and each token, per 32-element block an exact integer dot
/// product of the 8 rows with the token's quants (one <c>vpdpbusd</c> per 4 elements, int lane r = row r), the zero
/// point removed as <c>2^shift · Σ qx</c>, then scaled by dw · dx into float lane r. Tokens go 4 at a time, so every
/// weight vector loaded serves 4 tokens; a single token (decode) splits the block over two accumulators instead.
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
            for (int p = panelStart; p < panelEnd; p++)
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
        acc0 = acc1 = acc2 = acc3 = Vector256<float>.Zero;
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
            acc0 = Accumulate(acc0, i0, x + offset, dw);
            acc1 = Accumulate(acc1, i1, x1 + offset, dw);
            acc2 = Accumulate(acc2, i2, x2 + offset, dw);
            acc3 = Accumulate(acc3, i3, x3 + offset, dw);
        }
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
