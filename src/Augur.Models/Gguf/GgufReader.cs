using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Augur.Models.Gguf;

/// <summary>
/// A cursor over GGUF bytes that checks every read against the end before touching memory. Each failure is a
/// <see cref="ModelLoadException"/> naming the file, the fault and the byte offset; nothing here allocates in
/// proportion to a count or length it has not first checked against the bytes that remain.
/// </summary>
internal unsafe struct GgufReader
{
    /// <summary>How deep arrays of arrays may nest (an array of scalars is depth 1).</summary>
    public const int MaxArrayDepth = 8;

    /// <summary>Longest key or tensor name, in bytes (the GGUF spec caps keys at 65535).</summary>
    public const int MaxNameBytes = 65535;

    private readonly GgufMemory _memory;
    private readonly byte* _base;
    private readonly string _path;

    public GgufReader(GgufMemory memory, string path, long position = 0)
    {
        _memory = memory;
        _base = memory.Base;
        _path = path;
        Position = position;
    }

    public long Position { get; private set; }

    public readonly long Length => _memory.Length;

    public readonly long Remaining => _memory.Length - Position;

    public readonly ModelLoadException Fault(string fault) => new(_path, $"{fault} (at byte {Position})");

    public byte ReadUInt8()
    {
        Ensure(1, "a value");
        return _base[Position++];
    }

    public uint ReadUInt32()
    {
        Ensure(4, "a value");
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_base + Position, 4));
        Position += 4;
        return value;
    }

    public ulong ReadUInt64()
    {
        Ensure(8, "a value");
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_base + Position, 8));
        Position += 8;
        return value;
    }

    /// <summary>A little-endian value of <paramref name="size"/> bytes (1, 2, 4 or 8), zero-extended.</summary>
    public ulong ReadFixed(int size, string what)
    {
        Ensure(size, what);
        var bytes = new ReadOnlySpan<byte>(_base + Position, size);
        Position += size;
        return size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
    }

    /// <summary>Skips a string and returns where its bytes start and how many there are.</summary>
    public (long Start, int Length) ReadStringBounds(string what)
    {
        ulong length = ReadUInt64();
        if (length > (ulong)Remaining)
            throw Fault($"{what} claims {length} bytes but only {Remaining} remain");
        if (length > int.MaxValue)
            throw Fault($"{what} of {length} bytes is longer than 2 GiB");
        long start = Position;
        Position += (long)length;
        return (start, (int)length);
    }

    /// <summary>A key or tensor name: must be valid UTF-8 of at most <see cref="MaxNameBytes"/> bytes.</summary>
    public string ReadName(string what)
    {
        long at = Position;
        (long start, int length) = ReadStringBounds(what);
        if (length > MaxNameBytes)
            throw new ModelLoadException(_path, $"{what} of {length} bytes is longer than {MaxNameBytes} (at byte {at})");
        var bytes = new ReadOnlySpan<byte>(_base + start, length);
        if (!Utf8.IsValid(bytes))
            throw new ModelLoadException(_path, $"{what} is not valid UTF-8 (at byte {at})");
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A string value. Invalid UTF-8 is decoded leniently, each bad sequence becoming U+FFFD.</summary>
    public string ReadStringValue()
    {
        (long start, int length) = ReadStringBounds("a string value");
        return Encoding.UTF8.GetString(new ReadOnlySpan<byte>(_base + start, length));
    }

    /// <summary>One metadata value of the given type (the type tag already read).</summary>
    public GgufValue ReadValue(GgufValueType type, int depth)
    {
        if (type == GgufValueType.String)
            return GgufValue.FromString(ReadStringValue());
        if (type == GgufValueType.Array)
            return ReadArray(depth + 1);
        int size = GgufValueTypeInfo.FixedSize(type);
        if (size == 0)
            throw Fault($"unknown metadata value type {(uint)type}");
        return GgufValue.FromScalarBits(type, ReadFixed(size, $"a {type} value"));
    }

    /// <summary>An array (element type, count, elements) at nesting level <paramref name="depth"/> (1 = outermost).</summary>
    public GgufValue ReadArray(int depth)
    {
        if (depth > MaxArrayDepth)
            throw Fault($"arrays nest deeper than {MaxArrayDepth} levels");
        uint rawType = ReadUInt32();
        var elementType = (GgufValueType)rawType;
        if (!GgufValueTypeInfo.IsKnown(elementType))
            throw Fault($"unknown array element type {rawType}");
        ulong count = ReadUInt64();
        int minimum = GgufValueTypeInfo.MinimumSize(elementType);
        if (count > int.MaxValue || count * (ulong)minimum > (ulong)Remaining)
            throw Fault($"array of {count} {elementType} elements cannot fit in the {Remaining} bytes that remain");

        // Strings are only walked here (their positions are indexed on first access); nested arrays are parsed, into a
        // list that grows with what was actually read rather than being presized from the count.
        int n = (int)count;
        long start = Position;
        List<GgufValue>? nested = null;
        if (elementType == GgufValueType.String)
        {
            for (int i = 0; i < n; i++)
                ReadStringBounds("a string array element");
        }
        else if (elementType == GgufValueType.Array)
        {
            nested = new List<GgufValue>(Math.Min(n, 64));
            for (int i = 0; i < n; i++)
                nested.Add(ReadArray(depth + 1));
        }
        else
        {
            Position += (long)n * minimum;
        }

        return GgufValue.WrapArray(new GgufArray(_memory, elementType, n, start, Position - start, nested?.ToArray()));
    }

    private readonly void Ensure(long bytes, string what)
    {
        if (bytes > Remaining)
            throw Fault($"the file ends inside {what}: {bytes} bytes needed, {Remaining} remain");
    }
}
