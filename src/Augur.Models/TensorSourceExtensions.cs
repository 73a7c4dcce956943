using Augur.Tensors;

namespace Augur.Models;

/// <summary>Reads tensors from an <see cref="ITensorSource"/> and checks that they have the shape the model needs.</summary>
public static class TensorSourceExtensions
{
    /// <summary>The matrix <paramref name="name"/>, which must have <paramref name="rows"/> rows (output dim) and
    /// <paramref name="columns"/> columns (input dim) and a supported type; otherwise <see cref="ModelLoadException"/>.</summary>
    public static WeightMatrix GetMatrix(this ITensorSource source, string name, int rows, int columns)
    {
        WeightMatrix matrix = RequireTensor(source, name).GetMatrix(name);
        if (matrix.Rows != rows || matrix.Columns != columns)
        {
            throw new ModelLoadException(source.Path,
                $"tensor '{name}' has {matrix.Rows} rows × {matrix.Columns} columns; expected {rows} × {columns}.");
        }
        if (!TensorTypeInfo.IsSupported(matrix.Type))
            throw new ModelLoadException(source.Path, $"tensor '{name}' has unsupported type {matrix.Type}.");
        return matrix;
    }

    /// <summary>The vector <paramref name="name"/>, which must hold <paramref name="length"/> elements; otherwise
    /// <see cref="ModelLoadException"/>.</summary>
    public static float[] GetVector(this ITensorSource source, string name, int length)
    {
        float[] vector = RequireTensor(source, name).GetVector(name);
        if (vector.Length != length)
            throw new ModelLoadException(source.Path, $"tensor '{name}' has {vector.Length} elements; expected {length}.");
        return vector;
    }

    /// <summary>The vector <paramref name="name"/> if the source has it (checked as by <see cref="GetVector"/>), else null.</summary>
    public static float[]? GetOptionalVector(this ITensorSource source, string name, int length) =>
        source.Contains(name) ? source.GetVector(name, length) : null;

    private static ITensorSource RequireTensor(ITensorSource source, string name) =>
        source.Contains(name) ? source : throw new ModelLoadException(source.Path, $"tensor '{name}' is missing.");
}
