using System.Buffers.Binary;
using System.Numerics;
using Augur.Tensors;

namespace Augur.Models.Gguf;

/// <summary>What <see cref="GgufParser"/> found in a file: everything before the tensor data.</summary>
internal sealed record GgufHeader(
    int Version, OrderedDictionary<string, GgufValue> Metadata, GgufTensorInfo[] Tensors, uint Alignment, long DataOffset);

/// <summary>
/// Parses and validates a GGUF header (v2 or v3, little-endian): magic, version, metadata, tensor infos and the
/// data section. Every count is checked against the bytes left before anything is allocated for it.
/// </summary>
internal static class GgufParser
{
    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    /// <summary>Magic, version, tensor count, metadata count.</summary>
    public const int MinimumHeaderBytes = 4 + 4 + 8 + 8;

    public const int MaxDimensions = 4;

    /// <summary>Fewest bytes of one metadata pair: key length, an empty key, the type, a one-byte value.</summary>
    private const int MinimumPairBytes = 8 + 4 + 1;

    /// <summary>Fewest bytes of one tensor info: name length, an empty name, n_dims, one dimension, type, offset.</summary>
    private const int MinimumTensorInfoBytes = 8 + 4 + 8 + 4 + 8;

    public static GgufHeader Parse(GgufMemory memory, string path)
    {
        if (memory.Length < MinimumHeaderBytes)
            throw new ModelLoadException(path, $"the file is too small for a GGUF header ({memory.Length} bytes, {MinimumHeaderBytes} needed)");
        var reader = new GgufReader(memory, path);

        // :: Step 1, fixed header
        uint magic = reader.ReadUInt32();
        if (magic != Magic)
            throw new ModelLoadException(path, $"not a GGUF file: bad magic 0x{magic:X8} (expected \"GGUF\")");
        uint version = reader.ReadUInt32();
        if (version is not (2 or 3))
        {
            uint swapped = BinaryPrimitives.ReverseEndianness(version);
            string fault = swapped is 2 or 3
                ? $"big-endian GGUF (version {swapped}) is not supported"
                : $"unsupported GGUF version {version} (only versions 2 and 3 are supported)";
            throw new ModelLoadException(path, fault);
        }
        ulong tensorCount = reader.ReadUInt64();
        ulong pairCount = reader.ReadUInt64();
        if (pairCount > (ulong)reader.Remaining / MinimumPairBytes || pairCount > int.MaxValue)
            throw reader.Fault($"metadata count {pairCount} is absurd for a file of {memory.Length} bytes");
        if (tensorCount > (ulong)reader.Remaining / MinimumTensorInfoBytes || tensorCount > int.MaxValue)
            throw reader.Fault($"tensor count {tensorCount} is absurd for a file of {memory.Length} bytes");

        // :: Step 2, metadata
        // Collections grow as entries are parsed, never presized from a count: a corrupt count in a big file costs nothing.
        var metadata = new OrderedDictionary<string, GgufValue>((int)Math.Min(pairCount, 256), StringComparer.Ordinal);
        for (ulong i = 0; i < pairCount; i++)
        {
            long at = reader.Position;
            string key = reader.ReadName("a metadata key");
            var type = (GgufValueType)reader.ReadUInt32();
            if (!GgufValueTypeInfo.IsKnown(type))
                throw reader.Fault($"metadata key '{key}' has unknown value type {(uint)type}");
            GgufValue value = reader.ReadValue(type, depth: 0);
            if (!metadata.TryAdd(key, value))
                throw new ModelLoadException(path, $"duplicate metadata key '{key}' (at byte {at})");
        }
        uint alignment = ReadAlignment(metadata, path);

        // :: Step 3, tensor infos
        var tensorList = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 1024));
        var names = new HashSet<string>(tensorList.Capacity, StringComparer.Ordinal);
        for (int i = 0; i < (int)tensorCount; i++)
        {
            GgufTensorInfo tensor = ReadTensorInfo(ref reader, alignment, i);
            if (!names.Add(tensor.Name))
                throw reader.Fault($"duplicate tensor name '{tensor.Name}'");
            tensorList.Add(tensor);
        }
        GgufTensorInfo[] tensors = [.. tensorList];

        // :: Step 4, the data section: aligned after the infos; every tensor inside the file, none overlapping
        long dataOffset = AlignUp(reader.Position, alignment);
        long dataBytes = memory.Length - dataOffset;
        foreach (GgufTensorInfo tensor in tensors)
        {
            if (tensor.Offset > dataBytes || tensor.ByteLength > dataBytes - tensor.Offset)
                throw new ModelLoadException(path,
                    $"tensor '{tensor.Name}' ({tensor.ByteLength} bytes at data offset {tensor.Offset}) runs past the end of the file " +
                    $"(data section starts at byte {dataOffset}, file is {memory.Length} bytes)");
        }
        CheckNoOverlap(tensors, path);
        return new GgufHeader((int)version, metadata, tensors, alignment, dataOffset);
    }

    private static uint ReadAlignment(OrderedDictionary<string, GgufValue> metadata, string path)
    {
        if (!metadata.TryGetValue(GgufKeys.GeneralAlignment, out GgufValue? value))
            return GgufKeys.DefaultAlignment;
        if (!value.TryGetUInt64(out ulong alignment) || alignment == 0 || alignment > 1u << 30 || !BitOperations.IsPow2(alignment))
            throw new ModelLoadException(path, $"{GgufKeys.GeneralAlignment} is {value.Describe()}: it must be a power of two from 1 to 2^30");
        return (uint)alignment;
    }

    private static GgufTensorInfo ReadTensorInfo(ref GgufReader reader, uint alignment, int index)
    {
        string name = reader.ReadName("a tensor name");
        uint dimensionCount = reader.ReadUInt32();
        if (dimensionCount is 0 or > MaxDimensions)
            throw reader.Fault($"tensor '{name}' has {dimensionCount} dimensions (1 to {MaxDimensions} allowed)");

        var dimensions = new long[dimensionCount];
        long elements = 1;
        for (int d = 0; d < dimensions.Length; d++)
        {
            ulong size = reader.ReadUInt64();
            if (size == 0 || size > long.MaxValue)
                throw reader.Fault($"tensor '{name}' has dimension {d} of size {size} (must be positive and below 2^63)");
            dimensions[d] = (long)size;
            if (elements > long.MaxValue / dimensions[d])
                throw reader.Fault($"tensor '{name}' has more elements than a 64-bit count holds");
            elements *= dimensions[d];
        }

        uint rawType = reader.ReadUInt32();
        var type = (TensorType)rawType;
        if (!TensorTypeInfo.IsKnown(type))
            throw reader.Fault($"tensor '{name}' has unknown tensor type id {rawType}");
        int blockSize = TensorTypeInfo.BlockSize(type);
        if (dimensions[0] % blockSize != 0)
            throw reader.Fault($"tensor '{name}' has ne0 = {dimensions[0]}, not a multiple of the {type} block size {blockSize}");
        long blocks = elements / blockSize;
        int blockBytes = TensorTypeInfo.BlockBytes(type);
        if (blocks > long.MaxValue / blockBytes)
            throw reader.Fault($"tensor '{name}' takes more bytes than a 64-bit size holds");

        ulong offset = reader.ReadUInt64();
        if (offset > long.MaxValue)
            throw reader.Fault($"tensor '{name}' has data offset {offset}, past any file");
        if (offset % alignment != 0)
            throw reader.Fault($"tensor '{name}' has data offset {offset}, not a multiple of the alignment {alignment}");
        return new GgufTensorInfo(name, type, dimensions, elements, blocks * blockBytes, (long)offset, index);
    }

    private static void CheckNoOverlap(GgufTensorInfo[] tensors, string path)
    {
        var byOffset = (GgufTensorInfo[])tensors.Clone();
        Array.Sort(byOffset, static (a, b) => a.Offset.CompareTo(b.Offset));
        for (int i = 1; i < byOffset.Length; i++)
        {
            GgufTensorInfo previous = byOffset[i - 1];
            if (previous.Offset + previous.ByteLength > byOffset[i].Offset)
                throw new ModelLoadException(path, $"tensors '{previous.Name}' and '{byOffset[i].Name}' overlap");
        }
    }

    /// <summary><paramref name="position"/> rounded up to a multiple of <paramref name="alignment"/> (a power of two ≤ 2^30).</summary>
    internal static long AlignUp(long position, uint alignment) => (position + alignment - 1) & ~((long)alignment - 1);
}
