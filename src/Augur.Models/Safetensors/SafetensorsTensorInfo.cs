namespace Augur.Models.Safetensors;

/// <summary>
/// One tensor of a <see cref="SafetensorsFile"/>: its name, element type, shape (outermost dimension first, as
/// PyTorch writes it) and the byte range of its data, relative to the start of the data section. Checked against the
/// file when parsed.
/// </summary>
public sealed class SafetensorsTensorInfo
{
    private readonly long[] _shape;

    internal SafetensorsTensorInfo(string name, SafetensorsDType type, long[] shape, long begin, long end)
    {
        Name = name;
        Type = type;
        _shape = shape;
        Begin = begin;
        End = end;
        long count = 1;
        foreach (long d in shape)
            count *= d;
        ElementCount = count;
    }

    public string Name { get; }

    public SafetensorsDType Type { get; }

    /// <summary>Dimensions, outermost first (a PyTorch <c>Linear</c> weight is <c>[out, in]</c>).</summary>
    public ReadOnlySpan<long> Shape => _shape;

    public long ElementCount { get; }

    /// <summary>First byte of the data, from the start of the data section.</summary>
    public long Begin { get; }

    /// <summary>One past the last byte of the data, from the start of the data section.</summary>
    public long End { get; }

    public long ByteLength => End - Begin;

    public override string ToString() => $"{Name} {SafetensorsDTypes.Name(Type)} [{string.Join(", ", _shape)}]";
}
