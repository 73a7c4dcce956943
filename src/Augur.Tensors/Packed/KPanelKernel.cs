using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

/// <summary>
/// The K-quant panel matrix product: each panel (8 weight rows) against every token's Q8_K row, 4 tokens at a time so
/// that every weight vector loaded serves 4 tokens, then one token at a time for the rest (decode).
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
            for (; t + 4 <= tokens; t += 4)
            {
                TPanel.Tile4<TMultiplyAdd>(panel, blocks, x + (long)t * xStride, xStride,
                    out Vector256<float> a0, out Vector256<float> a1, out Vector256<float> a2, out Vector256<float> a3);
                float* yt = y + (long)t * yStride + row0;
                KPanelMath.Store(a0, yt, valid);
                KPanelMath.Store(a1, yt + yStride, valid);
                KPanelMath.Store(a2, yt + 2L * yStride, valid);
                KPanelMath.Store(a3, yt + 3L * yStride, valid);
            }
            for (; t < tokens; t++)
                KPanelMath.Store(TPanel.Tile1<TMultiplyAdd>(panel, blocks, x + (long)t * xStride), y + (long)t * yStride + row0, valid);
        }
    }
}

/// <summary>The scalar reference of the K panel kernels: one row, one token and one superblock at a time.</summary>
internal static unsafe class KPanelKernelScalar<TPanel> where TPanel : IKPanelFormat
{
    /// <inheritdoc cref="KPanelKernel{TPanel, TMultiplyAdd}.Run"/>
    public static void Run(PackedMatrix w, int panelStart, int panelEnd, byte* x, int tokens, float* y, int yStride)
    {
        int blocks = w.BlocksPerRow, xStride = blocks * Q8_K.Bytes;
        for (int p = panelStart; p < panelEnd; p++)
        {
            byte* panel = w.Panel(p);
            int row0 = p * PackedMatrix.PanelRows, valid = Math.Min(PackedMatrix.PanelRows, w.Rows - row0);
            for (int t = 0; t < tokens; t++)
            {
                byte* xt = x + (long)t * xStride;
                for (int r = 0; r < valid; r++)
                {
                    float sum = 0;
                    for (int b = 0; b < blocks; b++)
                    {
                        var block = new ReadOnlySpan<byte>(panel + (long)b * TPanel.PanelBlockBytes, TPanel.PanelBlockBytes);
                        sum += TPanel.DotScalar(block, r, new ReadOnlySpan<byte>(xt + (long)b * Q8_K.Bytes, Q8_K.Bytes));
                    }
                    y[(long)t * yStride + row0 + r] = sum;
                }
            }
        }
    }
}

/// <summary>Vector pieces the K panel formats share.</summary>
internal static unsafe class KPanelMath
{
    /// <summary>The 4 activation quants at <paramref name="quants"/> in every int lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Group(byte* quants) => Vector256.Create(Unsafe.ReadUnaligned<int>(quants)).AsSByte();

    /// <summary>The Q8_K block's float scale in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Scale(byte* block) => Vector256.Create(Unsafe.ReadUnaligned<float>(block));

    /// <summary>The first <paramref name="valid"/> lanes of <paramref name="value"/> to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, float* destination, int valid)
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
