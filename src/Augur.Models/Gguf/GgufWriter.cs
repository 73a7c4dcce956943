using System.Numerics;
using System.Text;
using Augur.Tensors;

namespace Augur.Models.Gguf;

/// <summary>
/// Builds a GGUF v3 file: metadata in insertion order, then tensor infos, then the tensor data, the data section and
/// every tensor padded to the alignment (<c>general.alignment</c> when added, else 32 bytes). Used by tests,
/// <c>augur convert</c> and <c>augur quantize</c>. Tensor data can be given in memory or streamed by a callback at write
/// time, so a big tensor need not be held twice.
/// </summary>
public sealed partial class GgufWriter
{
    private readonly OrderedDictionary<string, GgufValue> _metadata = new(StringComparer.Ordinal);
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);

    /// <summary>The metadata added so far, in order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => _metadata;

    /// <summary>Number of tensors added so far.</summary>
    public int TensorCount => _tensors.Count;

    /// <summary>Alignment the file will use, in bytes.</summary>
    public uint Alignment => _metadata.TryGetValue(GgufKeys.GeneralAlignment, out GgufValue? value) ? value.Get<uint>() : GgufKeys.DefaultAlignment;

    /// <summary>Adds a metadata pair; throws <see cref="ArgumentException"/> when the key is already present.</summary>
    public GgufWriter Add(string key, GgufValue value)
    {
        CheckPair(key, value);
        if (!_metadata.TryAdd(key, Detach(value)))
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        return this;
    }

    /// <summary>Adds a metadata pair, or replaces the value of an existing key in its place.</summary>
    public GgufWriter Set(string key, GgufValue value)
    {
        CheckPair(key, value);
        _metadata[key] = Detach(value);
        return this;
    }

    public bool Remove(string key) => _metadata.Remove(key);

    /// <summary>
    /// Copies the metadata of <paramref name="source"/> (those keys <paramref name="include"/> accepts), replacing keys
    /// already set. Array values are copied, so the writer does not depend on the source staying open.
    /// </summary>
    public GgufWriter CopyMetadataFrom(GgufFile source, Func<string, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach ((string key, GgufValue value) in source.MetadataEntries)
        {
            if (include is null || include(key))
                Set(key, value);
        }
        return this;
    }

    /// <summary>Adds a tensor whose data is in memory (kept by reference until written). Dimensions in ggml order, ne0 first.</summary>
    public GgufWriter AddTensor(string name, TensorType type, ReadOnlySpan<long> dimensions, ReadOnlyMemory<byte> data)
    {
        long byteLength = CheckTensor(name, type, dimensions);
        if (data.Length != byteLength)
            throw new ArgumentException($"Tensor '{name}' needs {byteLength} bytes of {type}, got {data.Length}.", nameof(data));
        _tensors.Add(new PendingTensor(name, type, dimensions.ToArray(), byteLength, data, null));
        _tensorNames.Add(name);
        return this;
    }

    /// <summary>
    /// Adds a tensor whose data <paramref name="writeData"/> will stream when the file is written; it must write exactly
    /// the tensor's byte length. Dimensions in ggml order, ne0 first.
    /// </summary>
    public GgufWriter AddTensor(string name, TensorType type, ReadOnlySpan<long> dimensions, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        long byteLength = CheckTensor(name, type, dimensions);
        _tensors.Add(new PendingTensor(name, type, dimensions.ToArray(), byteLength, default, writeData));
        _tensorNames.Add(name);
        return this;
    }

    /// <summary>Writes the file to <paramref name="path"/>, replacing it.</summary>
    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        WriteTo(stream);
    }

    /// <summary>Writes the whole file to <paramref name="destination"/> (which need not be seekable).</summary>
    public void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        uint alignment = Alignment;
        var output = new CountingStream(destination);

        // :: Step 1, header and metadata
        GgufEncoder.WriteUInt32(output, GgufParser.Magic);
        GgufEncoder.WriteUInt32(output, 3);
        GgufEncoder.WriteUInt64(output, (ulong)_tensors.Count);
        GgufEncoder.WriteUInt64(output, (ulong)_metadata.Count);
        foreach ((string key, GgufValue value) in _metadata)
        {
            GgufEncoder.WriteString(output, key);
            GgufEncoder.WriteUInt32(output, (uint)value.Type);
            GgufEncoder.WritePayload(output, value);
        }

        // :: Step 2, tensor infos, with offsets laid out one aligned tensor after another
        long offset = 0;
        foreach (PendingTensor tensor in _tensors)
        {
            GgufEncoder.WriteString(output, tensor.Name);
            GgufEncoder.WriteUInt32(output, (uint)tensor.Dimensions.Length);
            foreach (long dimension in tensor.Dimensions)
                GgufEncoder.WriteUInt64(output, (ulong)dimension);
            GgufEncoder.WriteUInt32(output, (uint)tensor.Type);
            GgufEncoder.WriteUInt64(output, (ulong)offset);
            offset = GgufParser.AlignUp(checked(offset + tensor.ByteLength), alignment);
        }
        Pad(output, alignment);

        // :: Step 3, tensor data
        foreach (PendingTensor tensor in _tensors)
        {
            if (tensor.WriteData is null)
            {
                output.Write(tensor.Data.Span);
            }
            else
            {
                var guarded = new CountingStream(output, tensor.ByteLength);
                tensor.WriteData(guarded);
                if (guarded.Written != tensor.ByteLength)
                    throw new InvalidOperationException($"Tensor '{tensor.Name}' wrote {guarded.Written} bytes, not {tensor.ByteLength}.");
            }
            Pad(output, alignment);
        }
        output.Flush();
    }

    private static void Pad(CountingStream output, uint alignment)
    {
        int padding = (int)(GgufParser.AlignUp(output.Written, alignment) - output.Written);
        const int Chunk = 4096;
        Span<byte> zeros = stackalloc byte[Math.Min(padding, Chunk)];
        zeros.Clear();
        for (; padding > 0; padding -= zeros.Length)
            output.Write(zeros[..Math.Min(padding, zeros.Length)]);
    }

    private static void CheckPair(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (Encoding.UTF8.GetByteCount(key) > GgufReader.MaxNameBytes)
            throw new ArgumentException($"Metadata key longer than {GgufReader.MaxNameBytes} bytes.", nameof(key));
        // The spec types general.alignment as UInt32; any integer is accepted (as readers do) so copied metadata round-trips.
        if (key == GgufKeys.GeneralAlignment &&
            (!value.TryGet(out uint alignment) || alignment == 0 || alignment > 1u << 30 || !BitOperations.IsPow2(alignment)))
            throw new ArgumentException($"{GgufKeys.GeneralAlignment} must be a power of two up to 2^30, not {value.Describe()}.", nameof(value));
    }

    private long CheckTensor(string name, TensorType type, ReadOnlySpan<long> dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > GgufReader.MaxNameBytes)
            throw new ArgumentException($"Tensor name longer than {GgufReader.MaxNameBytes} bytes.", nameof(name));
        if (_tensorNames.Contains(name))
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        if (!TensorTypeInfo.IsKnown(type))
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tensor type.");
        if (dimensions.Length is 0 or > GgufParser.MaxDimensions)
            throw new ArgumentException($"A tensor has 1 to {GgufParser.MaxDimensions} dimensions, not {dimensions.Length}.", nameof(dimensions));
        long elements = 1;
        foreach (long dimension in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension, nameof(dimensions));
            elements = checked(elements * dimension);
        }
        if (dimensions[0] % TensorTypeInfo.BlockSize(type) != 0)
            throw new ArgumentException($"ne0 = {dimensions[0]} is not a multiple of the {type} block size {TensorTypeInfo.BlockSize(type)}.", nameof(dimensions));
        return TensorTypeInfo.ByteCount(type, elements);
    }

    /// <summary>Array values read from a file point into its mapping; copy them so the writer outlives the file.</summary>
    private static GgufValue Detach(GgufValue value) =>
        value.ArrayData is { Memory.IsManaged: false } ? GgufValue.CopyArray(value) : value;

    private sealed record PendingTensor(
        string Name, TensorType Type, long[] Dimensions, long ByteLength, ReadOnlyMemory<byte> Data, Action<Stream>? WriteData);
}
