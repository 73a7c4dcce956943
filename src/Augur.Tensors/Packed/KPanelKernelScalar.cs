using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

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
