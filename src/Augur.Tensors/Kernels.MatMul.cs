// TEMPORARY: replaced at merge by the quant branch
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>Bytes one row of <paramref name="columns"/> activations takes once converted for <paramref name="weightType"/>.</summary>
    public static int ActivationBytes(TensorType weightType, int columns) => weightType switch
    {
        TensorType.F32 => checked(columns * sizeof(float)),
        _ => throw new NotSupportedException($"Temporary kernels support F32 weights only, not {weightType}."),
    };

    /// <summary>Converts one activation row to the format the dot products with <paramref name="weightType"/> consume.</summary>
    public static void QuantizeActivations(TensorType weightType, ReadOnlySpan<float> x, Span<byte> destination)
    {
        if (weightType != TensorType.F32)
            ThrowHelper.ThrowNotSupported(weightType);
        MemoryMarshal.AsBytes(x).CopyTo(destination);
    }

    /// <summary><c>y[r] = dot(row r of w, x)</c> for <c>r</c> in <c>[rowStart, rowEnd)</c>; <paramref name="y"/> holds all rows.</summary>
    public static void MatVecRows(in WeightMatrix w, ReadOnlySpan<byte> xConverted, Span<float> y, int rowStart, int rowEnd)
    {
        if (w.Type != TensorType.F32)
            ThrowHelper.ThrowNotSupported(w.Type);
        ReadOnlySpan<float> x = MemoryMarshal.Cast<byte, float>(xConverted)[..w.Columns];
        for (int r = rowStart; r < rowEnd; r++)
            y[r] = TensorPrimitives.Dot(MemoryMarshal.Cast<byte, float>(w.Row(r)), x);
    }

    /// <summary>
    /// For each of <paramref name="tokens"/> activation rows (each <see cref="ActivationBytes"/> long), computes rows
    /// <c>[rowStart, rowEnd)</c> of its product with <paramref name="w"/> into <paramref name="y"/> (tokens × w.Rows, token-major).
    /// </summary>
    public static void MatMulRows(in WeightMatrix w, ReadOnlySpan<byte> xConverted, int tokens, Span<float> y, int rowStart, int rowEnd)
    {
        if (w.Type != TensorType.F32)
            ThrowHelper.ThrowNotSupported(w.Type);
        int stride = ActivationBytes(w.Type, w.Columns);
        for (int r = rowStart; r < rowEnd; r++)
        {
            ReadOnlySpan<float> row = MemoryMarshal.Cast<byte, float>(w.Row(r));
            for (int t = 0; t < tokens; t++)
            {
                ReadOnlySpan<float> x = MemoryMarshal.Cast<byte, float>(xConverted.Slice(t * stride, stride));
                y[t * w.Rows + r] = TensorPrimitives.Dot(row, x);
            }
        }
    }
}
