using System.Runtime.Intrinsics;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

/// <summary>
/// The K-quant panel matrix product: each panel (8 weight rows) against every token's Q8_K row, 4 tokens at a time so
/// that every weight vector loaded serves 4 tokens; 2 or 3 left over fill a 4-token tile with their last token
/// repeated (Q6_K's single-token kernel costs more than a whole 4-token tile; Q4_K's two single-token passes about
/// as much), and a single token (decode) takes the single-token kernel. The first tile over a panel prefetches
/// (<see cref="PanelPrefetch"/>).
/// </summary>
internal static unsafe class KPanelKernel<TPanel, TMultiplyAdd>
    where TPanel : IKPanelFormat
    where TMultiplyAdd : IInt8MultiplyAdd
{
    /// <summary>
    /// Panels [<paramref name="panelStart"/>, <paramref name="panelEnd"/>) of <paramref name="w"/> against every token:
    /// <c>y[t · yStride + r]</c> for the valid rows r of those panels.
    /// </summary>
    public static void Run(PackedMatrix w, int panelStart, int panelEnd, byte* x, int tokens, float* y, int yStride)
    {
        int blocks = w.BlocksPerRow, xStride = blocks * Q8_K.Bytes;
        for (int p = panelStart; p < panelEnd; p++)
        {
            byte* panel = w.Panel(p);
            int row0 = p * PackedMatrix.PanelRows, valid = Math.Min(PackedMatrix.PanelRows, w.Rows - row0);
            int t = 0;
            while (tokens - t >= 2)
            {
                int n = Math.Min(4, tokens - t);
                byte* x0 = x + (long)t * xStride;
                TPanel.Tile4<TMultiplyAdd>(panel, blocks, x0, x0 + xStride, x0 + Math.Min(2, n - 1) * (long)xStride, x0 + (n - 1) * (long)xStride, prefetch: t == 0,
                    out Vector256<float> a0, out Vector256<float> a1, out Vector256<float> a2, out Vector256<float> a3);
                float* yt = y + (long)t * yStride + row0;
                KPanelMath.Store(a0, yt, valid);
                KPanelMath.Store(a1, yt + yStride, valid);
                if (n > 2)
                    KPanelMath.Store(a2, yt + 2L * yStride, valid);
                if (n > 3)
                    KPanelMath.Store(a3, yt + 3L * yStride, valid);
                t += n;
            }
            for (; t < tokens; t++)
                KPanelMath.Store(TPanel.Tile1<TMultiplyAdd>(panel, blocks, x + (long)t * xStride), y + (long)t * yStride + row0, valid);
        }
    }
}
