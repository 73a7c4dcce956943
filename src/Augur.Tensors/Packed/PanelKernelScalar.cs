using System.Runtime.InteropServices;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

/// <summary>The scalar reference of the panel kernels: the same integer sums and scales, one row and one token at a time.</summary>
internal static unsafe class PanelKernelScalar<TPanel> where TPanel : IPanelFormat
{
    /// <inheritdoc cref="PanelKernel{TPanel, TMultiplyAdd}.Run"/>
    public static void Run(PackedMatrix w, int panelStart, int panelEnd, byte* x, int tokens, float* y, int yStride)
    {
        int blocks = w.BlocksPerRow, xStride = blocks * PanelActivations.BlockBytes;
        for (int p = panelStart; p < panelEnd; p++)
        {
            int row0 = p * PackedMatrix.PanelRows, valid = Math.Min(PackedMatrix.PanelRows, w.Rows - row0);
            for (int t = 0; t < tokens; t++)
            {
                for (int r = 0; r < valid; r++)
                    y[(long)t * yStride + row0 + r] = Dot(w.Panel(p), blocks, r, x + (long)t * xStride);
            }
        }
    }

    private static float Dot(byte* panel, int blocks, int row, byte* x)
    {
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            var block = new ReadOnlySpan<byte>(panel + (long)b * TPanel.PanelBlockBytes, TPanel.PanelBlockBytes);
            var activations = new ReadOnlySpan<byte>(x + (long)b * PanelActivations.BlockBytes, PanelActivations.BlockBytes);
            int isum = 0;
            for (int j = 0; j < 32; j++)
                isum += (TPanel.Quant(block[16..], row, j) - (1 << TPanel.ZeroPointShift)) * (sbyte)activations[PanelActivations.Quants + j];
            sum += isum * (HalfIO.Read(block, 2 * row) * MemoryMarshal.Read<float>(activations));
        }
        return sum;
    }
}
