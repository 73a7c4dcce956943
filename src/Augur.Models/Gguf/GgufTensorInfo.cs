using Augur.Tensors;

namespace Augur.Models.Gguf;

/// <summary>
/// One tensor of a <see cref="GgufFile"/>: its name, element type, shape and where its data lies. Read its data
/// through the file (<see cref="GgufFile.GetTensorData"/>, <see cref="GgufFile.GetWeightMatrix"/>, <see cref="GgufFile.ReadFloat32"/>).
/// </summary>
public sealed class GgufTensorInfo
{
    private readonly long[] _dimensions;

    internal GgufTensorInfo(string name, TensorType type, long[] dimensions, long elementCount, long byteLength, long offset, int index)
    {
        Name = name;
        Type = type;
        _dimensions = dimensions;
        ElementCount = elementCount;
        ByteLength = byteLength;
        Offset = offset;
        Index = index;
    }

    public string Name { get; }

    /// <summary>The element type. Always one whose geometry is known; see <see cref="IsSupported"/>.</summary>
    public TensorType Type { get; }

    /// <summary>The shape in ggml order: <c>ne0</c> (the contiguous, innermost dimension) first. 1 to 4 entries, each ≥ 1.</summary>
    public ReadOnlySpan<long> Dimensions => _dimensions;

    /// <summary>Product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>Bytes of data: whole blocks of <see cref="Type"/>.</summary>
    public long ByteLength { get; }

    /// <summary>Where the data starts, in bytes from <see cref="GgufFile.DataOffset"/> (a multiple of the alignment).</summary>
    public long Offset { get; }

    /// <summary>Position in <see cref="GgufFile.Tensors"/>.</summary>
    public int Index { get; }

    /// <summary>Whether Augur's kernels compute with this type. Unsupported types (Q2_K, Q3_K) load, and their raw
    /// bytes can be read, but <see cref="GgufFile.GetWeightMatrix"/> refuses them.</summary>
    public bool IsSupported => TensorTypeInfo.IsSupported(Type);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Type} [{string.Join(" × ", _dimensions)}]";
}
