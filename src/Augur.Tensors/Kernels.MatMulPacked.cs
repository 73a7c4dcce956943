using Augur.Tensors.Packed;
using Augur.Tensors.Quant;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Batched matrix product on a repacked matrix over a range of output rows: <c>y[t, r] = dot(row r of w, x[t])</c>
    /// for every token t and r in [<paramref name="rowStart"/>, <paramref name="rowEnd"/>).
    /// </summary>
    /// <param name="w">The panels.</param>
    /// <param name="x">
    /// Token-major activations from <see cref="PanelActivations.Quantize"/>, <see cref="PanelActivations.RowBytes"/> each;
    /// for the K-quants (<see cref="PackedMatrix.UsesSourceActivations"/>) Q8_K rows from <see cref="QuantizeActivations"/>,
    /// <see cref="ActivationBytes"/> each.
    /// </param>
    /// <param name="tokens">How many activation rows.</param>
    /// <param name="y">Token-major output: <paramref name="tokens"/> rows of <c>w.Rows</c> floats.</param>
    /// <param name="rowStart">First row: a multiple of <see cref="PackedMatrix.PanelRows"/>.</param>
    /// <param name="rowEnd">One past the last row: a multiple of <see cref="PackedMatrix.PanelRows"/>, or <c>w.Rows</c>.</param>
    public static void MatMulPacked(PackedMatrix w, ReadOnlySpan<byte> x, int tokens, Span<float> y, int rowStart, int rowEnd) =>
        MatMulPacked(w, x, tokens, y, rowStart, rowEnd, BestPanelPath);

    internal static PanelPath BestPanelPath =>
        VnniMultiplyAdd.IsSupported ? PanelPath.Vnni : WidenedMultiplyAdd.IsSupported ? PanelPath.Widened : PanelPath.Scalar;

    internal static unsafe void MatMulPacked(PackedMatrix w, ReadOnlySpan<byte> x, int tokens, Span<float> y, int rowStart, int rowEnd, PanelPath path)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (rowStart < 0 || rowStart > rowEnd || rowEnd > w.Rows)
            QuantThrowHelper.ThrowRowRange(rowStart, rowEnd, w.Rows);
        if (rowStart % PackedMatrix.PanelRows != 0 || (rowEnd % PackedMatrix.PanelRows != 0 && rowEnd != w.Rows))
            throw new ArgumentException($"Rows [{rowStart}, {rowEnd}) do not fall on panel boundaries of {PackedMatrix.PanelRows}.", nameof(rowStart));
        if (tokens < 0)
            QuantThrowHelper.ThrowNegative(nameof(tokens), tokens);
        long activationBytes = (long)tokens * (w.UsesSourceActivations ? ActivationBytes(w.Type, w.Columns) : PanelActivations.RowBytes(w.Columns));
        if (activationBytes > x.Length)
            QuantThrowHelper.ThrowTooShort(nameof(x), activationBytes, x.Length);
        if ((long)tokens * w.Rows > y.Length)
            QuantThrowHelper.ThrowTooShort(nameof(y), (long)tokens * w.Rows, y.Length);
        if (path == PanelPath.Vnni && !VnniMultiplyAdd.IsSupported || path == PanelPath.Widened && !WidenedMultiplyAdd.IsSupported)
            throw new PlatformNotSupportedException($"The {path} panel kernel needs instructions this machine lacks.");

        int panelStart = rowStart / PackedMatrix.PanelRows, panelEnd = (rowEnd + PackedMatrix.PanelRows - 1) / PackedMatrix.PanelRows;
        fixed (byte* px = x)
        fixed (float* py = y)
        {
            switch (w.Type, path)
            {
                case (TensorType.Q4_0, PanelPath.Vnni): PanelKernel<Q4_0Panel, VnniMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q4_0, PanelPath.Widened): PanelKernel<Q4_0Panel, WidenedMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q4_0, PanelPath.Scalar): PanelKernelScalar<Q4_0Panel>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q8_0, PanelPath.Vnni): PanelKernel<Q8_0Panel, VnniMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q8_0, PanelPath.Widened): PanelKernel<Q8_0Panel, WidenedMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q8_0, PanelPath.Scalar): PanelKernelScalar<Q8_0Panel>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q4_K, PanelPath.Vnni): KPanelKernel<Q4_KPanel, VnniMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q4_K, PanelPath.Widened): KPanelKernel<Q4_KPanel, WidenedMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q4_K, PanelPath.Scalar): KPanelKernelScalar<Q4_KPanel>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q5_K, PanelPath.Vnni): KPanelKernel<Q5_KPanel, VnniMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q5_K, PanelPath.Widened): KPanelKernel<Q5_KPanel, WidenedMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q5_K, PanelPath.Scalar): KPanelKernelScalar<Q5_KPanel>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q6_K, PanelPath.Vnni): KPanelKernel<Q6_KPanel, VnniMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q6_K, PanelPath.Widened): KPanelKernel<Q6_KPanel, WidenedMultiplyAdd>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                case (TensorType.Q6_K, PanelPath.Scalar): KPanelKernelScalar<Q6_KPanel>.Run(w, panelStart, panelEnd, px, tokens, py, w.Rows); break;
                default: QuantThrowHelper.ThrowNotSupported(w.Type); break;
            }
        }
    }
}
