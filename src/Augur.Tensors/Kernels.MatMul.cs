using Augur.Tensors.Quant;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>Bytes of one activation row of <paramref name="columns"/> elements converted for <paramref name="weightType"/> weights.</summary>
    public static int ActivationBytes(TensorType weightType, int columns) =>
        checked((int)TensorTypeInfo.ByteCount(QuantFormats.DotType(weightType), columns));

    /// <summary>
    /// Converts an activation row to the dot type of <paramref name="weightType"/> (Q8_0 or Q8_1 blocks for the block
    /// formats, F16/BF16 for half weights, an unchanged copy of the float bits for F32), filling
    /// <see cref="ActivationBytes"/> bytes of <paramref name="destination"/>.
    /// </summary>
    public static void QuantizeActivations(TensorType weightType, ReadOnlySpan<float> x, Span<byte> destination) =>
        QuantFormats.Quantize(QuantFormats.DotType(weightType), x, destination);

    /// <summary>
    /// Matrix-vector product over a range of output rows: <c>y[r] = dot(row r of w, x)</c> for r in
    /// [<paramref name="rowStart"/>, <paramref name="rowEnd"/>); other elements of <paramref name="y"/> are left as they are.
    /// </summary>
    /// <param name="w">The weights, <c>Rows × Columns</c>.</param>
    /// <param name="xConverted">One activation row from <see cref="QuantizeActivations"/>, <see cref="ActivationBytes"/> bytes.</param>
    /// <param name="y">The output, <c>w.Rows</c> floats.</param>
    /// <param name="rowStart">First row to compute.</param>
    /// <param name="rowEnd">One past the last row to compute.</param>
    public static void MatVecRows(in WeightMatrix w, ReadOnlySpan<byte> xConverted, Span<float> y, int rowStart, int rowEnd) =>
        MatMulRows(w, xConverted, 1, y, rowStart, rowEnd);

    /// <summary>
    /// Batched matrix product over a range of output rows, for prefill: <c>y[t, r] = dot(row r of w, x[t])</c> for every
    /// token t and r in [<paramref name="rowStart"/>, <paramref name="rowEnd"/>). Each weight row is read once and applied to
    /// all tokens while it is in cache.
    /// </summary>
    /// <param name="w">The weights, <c>Rows × Columns</c>.</param>
    /// <param name="xConverted">Token-major activations: <paramref name="tokens"/> rows of <see cref="ActivationBytes"/> bytes.</param>
    /// <param name="tokens">How many activation rows.</param>
    /// <param name="y">Token-major output: <paramref name="tokens"/> rows of <c>w.Rows</c> floats.</param>
    /// <param name="rowStart">First weight row to compute.</param>
    /// <param name="rowEnd">One past the last weight row to compute.</param>
    public static void MatMulRows(in WeightMatrix w, ReadOnlySpan<byte> xConverted, int tokens, Span<float> y, int rowStart, int rowEnd)
    {
        int activationBytes = ActivationBytes(w.Type, w.Columns);
        if (rowStart < 0 || rowStart > rowEnd || rowEnd > w.Rows)
            QuantThrowHelper.ThrowRowRange(rowStart, rowEnd, w.Rows);
        if (tokens < 0)
            QuantThrowHelper.ThrowNegative(nameof(tokens), tokens);
        if ((long)tokens * activationBytes > xConverted.Length)
            QuantThrowHelper.ThrowTooShort(nameof(xConverted), (long)tokens * activationBytes, xConverted.Length);
        if ((long)tokens * w.Rows > y.Length)
            QuantThrowHelper.ThrowTooShort(nameof(y), (long)tokens * w.Rows, y.Length);

        switch (w.Type)
        {
            case TensorType.F32: MatMulRows<F32>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.F16: MatMulRows<F16>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.BF16: MatMulRows<BF16>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q8_0: MatMulRows<Q8_0>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q8_1: MatMulRows<Q8_1>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q4_0: MatMulRows<Q4_0>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q4_1: MatMulRows<Q4_1>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q5_0: MatMulRows<Q5_0>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q5_1: MatMulRows<Q5_1>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q4_K: MatMulRows<Q4_K>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q5_K: MatMulRows<Q5_K>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q6_K: MatMulRows<Q6_K>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            case TensorType.Q8_K: MatMulRows<Q8_K>(w, xConverted, activationBytes, tokens, y, rowStart, rowEnd); break;
            default: QuantThrowHelper.ThrowNotSupported(w.Type); break;
        }
    }

    // Weight row outer, token inner: the row stays in L1 while every token uses it.
    private static unsafe void MatMulRows<TFormat>(
        in WeightMatrix w, ReadOnlySpan<byte> x, int activationBytes, int tokens, Span<float> y, int rowStart, int rowEnd)
        where TFormat : IQuantFormat
    {
        int rows = w.Rows, columns = w.Columns, rowBytes = w.RowBytes;
        byte* row = w.Data + (long)rowStart * rowBytes;
        for (int r = rowStart; r < rowEnd; r++, row += rowBytes)
        {
            var weights = new ReadOnlySpan<byte>(row, rowBytes);
            for (int t = 0; t < tokens; t++)
                y[t * rows + r] = TFormat.Dot(weights, x.Slice(t * activationBytes, activationBytes), columns);
        }
    }
}
