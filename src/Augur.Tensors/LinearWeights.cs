using Augur.Tensors.Packed;
using Augur.Tensors.Quant;

namespace Augur.Tensors;

/// <summary>
/// A weight matrix prepared for matrix products: repacked into row panels (<see cref="PackedMatrix"/>) when its type has
/// a panel kernel and this machine can run it, otherwise the source rows as they are. Callers convert each input row
/// with <see cref="QuantizeActivations"/> and then run <see cref="MatMul"/> over row ranges, possibly on several threads.
/// </summary>
public sealed class LinearWeights : IDisposable
{
    private LinearWeights(WeightMatrix matrix, PackedMatrix? packed)
    {
        Matrix = matrix;
        Packed = packed;
        UsesPanelActivations = packed is { UsesSourceActivations: false };
        ActivationBytes = UsesPanelActivations ? PanelActivations.RowBytes(matrix.Columns) : Kernels.ActivationBytes(matrix.Type, matrix.Columns);
    }

    /// <summary>The source rows (which stay valid: token embeddings are read from them even when tied to the classifier).</summary>
    public WeightMatrix Matrix { get; }

    /// <summary>The panels, or null when the source rows are used.</summary>
    public PackedMatrix? Packed { get; }

    public int Rows => Matrix.Rows;

    public int Columns => Matrix.Columns;

    /// <summary>Bytes of one converted input row.</summary>
    public int ActivationBytes { get; }

    /// <summary>
    /// Whether input rows are converted to <see cref="PanelActivations"/> (Q4_0 and Q8_0 panels) rather than to the dot
    /// type of <see cref="QuantFormats.DotType"/> (source rows, and K-quant panels, which take Q8_K as the rows do).
    /// </summary>
    private bool UsesPanelActivations { get; }

    /// <summary>
    /// Prepares <paramref name="matrix"/>, repacking it when <paramref name="repack"/> is set, the machine has a vector
    /// panel kernel and <see cref="PackedMatrix.TryPack"/> can pack it.
    /// </summary>
    public static LinearWeights Prepare(in WeightMatrix matrix, bool repack = true) =>
        new(matrix, repack && PackedMatrix.IsAccelerated ? PackedMatrix.TryPack(matrix) : null);

    /// <summary>Whether an input row converted for <paramref name="other"/> serves this matrix too.</summary>
    public bool SharesActivationsWith(LinearWeights other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Columns != other.Columns || UsesPanelActivations != other.UsesPanelActivations)
            return false;
        return UsesPanelActivations || QuantFormats.DotType(Matrix.Type) == QuantFormats.DotType(other.Matrix.Type);
    }

    /// <summary>Converts one input row of <see cref="Columns"/> floats into <see cref="ActivationBytes"/> bytes of <paramref name="destination"/>.</summary>
    public void QuantizeActivations(ReadOnlySpan<float> x, Span<byte> destination)
    {
        if (UsesPanelActivations)
            PanelActivations.Quantize(x, destination);
        else
            Kernels.QuantizeActivations(Matrix.Type, x, destination);
    }

    /// <summary>
    /// <c>y[t, r] = dot(row r, x[t])</c> for every token and r in [<paramref name="rowStart"/>, <paramref name="rowEnd"/>);
    /// both bounds multiples of 8, or <paramref name="rowEnd"/> = <see cref="Rows"/>.
    /// </summary>
    public void MatMul(ReadOnlySpan<byte> x, int tokens, Span<float> y, int rowStart, int rowEnd)
    {
        if (Packed is not null)
            Kernels.MatMulPacked(Packed, x, tokens, y, rowStart, rowEnd);
        else if (tokens == 1)
            Kernels.MatVecRows(Matrix, x, y, rowStart, rowEnd);
        else
            Kernels.MatMulRows(Matrix, x, tokens, y, rowStart, rowEnd);
    }

    /// <summary>Frees the panels, if any.</summary>
    public void Dispose() => Packed?.Dispose();
}
