using System.Buffers.Binary;
using System.Text;

namespace Augur.Models.Gguf;

/// <summary>
/// The elements of an array value, left where they are encoded (in the mapped file or a pinned buffer) and read on
/// demand. A string array indexes its element positions on first access (the parser has already checked that every
/// length lies inside), so element i is then found in O(1); nested arrays are parsed up front.
/// </summary>
internal sealed unsafe class GgufArray
{
    private readonly GgufValue[]? _nested;
    private long[]? _bounds;

    public GgufArray(GgufMemory memory, GgufValueType elementType, int count, long start, long byteLength, GgufValue[]? nested)
    {
        Memory = memory;
        ElementType = elementType;
        Count = count;
        Start = start;
        ByteLength = byteLength;
        _nested = nested;
    }

    public GgufMemory Memory { get; }

    public GgufValueType ElementType { get; }

    public int Count { get; }

    /// <summary>Where the encoded elements start in <see cref="Memory"/> (after the element type and count).</summary>
    public long Start { get; }

    /// <summary>Bytes of the encoded elements.</summary>
    public long ByteLength { get; }

    public GgufValue this[int index]
    {
        get
        {
            CheckIndex(index);
            return ElementType switch
            {
                GgufValueType.String => GgufValue.FromString(GetString(index)),
                GgufValueType.Array => _nested![index],
                _ => GgufValue.FromScalarBits(ElementType, ReadFixedBits(index)),
            };
        }
    }

    /// <summary>The raw UTF-8 bytes of string element <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetUtf8(int index)
    {
        if (ElementType != GgufValueType.String)
            throw new InvalidOperationException($"Array elements are {ElementType}, not String.");
        CheckIndex(index);
        long[] bounds = Volatile.Read(ref _bounds) ?? IndexStrings();
        long start = bounds[index] + sizeof(ulong);
        return Memory.Span(start, (int)(bounds[index + 1] - start));
    }

    /// <summary>Where each string's length prefix lies, plus the end. Racing threads build equal tables; either wins.</summary>
    private long[] IndexStrings()
    {
        var bounds = new long[Count + 1];
        byte* @base = Memory.Base;
        long position = Start, end = Start + ByteLength;
        for (int i = 0; i < Count; i++)
        {
            // Rechecked only in case the file was modified under the mapping since it was parsed.
            if (position > end - sizeof(ulong))
                ThrowChanged();
            bounds[i] = position;
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(@base + position, sizeof(ulong)));
            if (length > (ulong)(end - position - sizeof(ulong)))
                ThrowChanged();
            position += sizeof(ulong) + (long)length;
        }
        bounds[Count] = position;
        if (position != end)
            ThrowChanged();
        Volatile.Write(ref _bounds, bounds);
        return bounds;
    }

    /// <summary>String element <paramref name="index"/>; invalid UTF-8 becomes U+FFFD.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(GetUtf8(index));

    /// <summary>The bits of fixed-size element <paramref name="index"/>, zero-extended.</summary>
    public ulong ReadFixedBits(int index)
    {
        int size = GgufValueTypeInfo.FixedSize(ElementType);
        byte* p = Memory.Base + Start + (long)index * size;
        return size switch
        {
            1 => *p,
            2 => BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(p, 2)),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(p, 4)),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(p, 8)),
        };
    }

    /// <summary>The encoded elements, for copying into another file.</summary>
    public void CopyEncodedTo(Stream destination)
    {
        const int Chunk = 1 << 20;
        for (long done = 0; done < ByteLength; done += Chunk)
            destination.Write(Memory.Span(Start + done, (int)Math.Min(Chunk, ByteLength - done)));
    }

    private static void ThrowChanged() => throw new InvalidOperationException("A string array changed under its mapping since it was parsed.");

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {Count} elements.");
    }
}
