using Augur.Tensors;
using Augur.Tensors.Quant;

namespace Augur.Models.Gguf;

/// <summary>
/// The tensors of a <see cref="GgufFile"/> as an <see cref="ITensorSource"/>: matrices are views into the mapping in
/// their stored type, vectors are copied out as floats (dequantized if stored quantized). The file is not owned: it
/// must stay open while the source and the matrices it hands out are used.
/// </summary>
/// <remarks>
/// A tensor's rank is counted without trailing dimensions of size 1, so <c>[4096, 1]</c> is a vector and
/// <c>[4096, 32000, 1]</c> a matrix, as ggml treats them.
/// </remarks>
public sealed class GgufTensorSource : ITensorSource
{
    private readonly GgufFile _file;

    public GgufTensorSource(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
    }

    /// <inheritdoc/>
    public string Path => _file.Path;

    /// <inheritdoc/>
    public bool Contains(string name) => _file.FindTensor(name) is not null;

    /// <inheritdoc/>
    public WeightMatrix GetMatrix(string name)
    {
        GgufTensorInfo tensor = _file.GetTensor(name);
        int rank = Rank(tensor);
        if (rank != 2)
            throw new ModelLoadException(Path, $"tensor '{name}' is {Describe(tensor, rank)}, not a 2-D matrix.");
        return _file.GetWeightMatrix(tensor);
    }

    /// <inheritdoc/>
    public float[] GetVector(string name)
    {
        GgufTensorInfo tensor = _file.GetTensor(name);
        int rank = Rank(tensor);
        if (rank != 1)
            throw new ModelLoadException(Path, $"tensor '{name}' is {Describe(tensor, rank)}, not a 1-D vector.");
        if (tensor.Type is TensorType.F32 or TensorType.F16 or TensorType.BF16)
            return _file.ReadFloat32(tensor);
        if (!tensor.IsSupported || tensor.ElementCount > Array.MaxLength)
            throw new ModelLoadException(Path, $"tensor '{name}' ({tensor.Type}, {tensor.ElementCount} elements) cannot be read as a vector.");

        var result = new float[tensor.ElementCount];
        try
        {
            QuantFormats.Dequantize(tensor.Type, _file.GetTensorData(tensor), result);
        }
        catch (NotSupportedException e)
        {
            throw new ModelLoadException(Path, $"tensor '{name}' is {tensor.Type}, which cannot be dequantized: {e.Message}", e);
        }
        return result;
    }

    /// <summary>Number of dimensions, not counting trailing ones of size 1 (at least 1).</summary>
    internal static int Rank(GgufTensorInfo tensor)
    {
        ReadOnlySpan<long> dimensions = tensor.Dimensions;
        int rank = dimensions.Length;
        while (rank > 1 && dimensions[rank - 1] == 1)
            rank--;
        return rank;
    }

    private static string Describe(GgufTensorInfo tensor, int rank) =>
        $"{rank}-D [{string.Join(" × ", tensor.Dimensions.ToArray())}]";
}
