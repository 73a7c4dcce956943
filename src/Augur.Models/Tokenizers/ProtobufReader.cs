using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Augur.Models.Tokenizers;

/// <summary>The protobuf wire types (the low 3 bits of a tag).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// A forward-only reader of protobuf wire format over a span, just enough for SentencePiece's <c>ModelProto</c>.
/// Every varint, length and fixed-width value is bounds-checked; any fault throws <see cref="ModelLoadException"/>
/// naming the file and the byte offset. Each successful read advances at least one byte, so loops over it end.
/// </summary>
internal ref struct ProtobufReader
{
    private const int MaxVarintBytes = 10;
    private const int MaxFieldNumber = (1 << 29) - 1;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _path;
    private readonly int _origin; // offset of _data[0] in the file, for messages
    private int _position;

    public ProtobufReader(string path, ReadOnlySpan<byte> data, int origin = 0)
    {
        _path = path;
        _data = data;
        _origin = origin;
    }

    /// <summary>Whether the whole message has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>The current position as an offset in the file.</summary>
    public readonly int Offset => _origin + _position;

    /// <summary>Reads a tag: a field number in [1, 2^29) and a wire type other than the deprecated groups.</summary>
    public (int Field, WireType Wire) ReadTag()
    {
        int at = Offset;
        ulong tag = ReadVarint();
        ulong field = tag >> 3;
        var wire = (WireType)(int)(tag & 7);
        if (field is 0 or > MaxFieldNumber)
            Fail(at, $"bad tag {tag}: field number {field} is outside [1, {MaxFieldNumber}]");
        if (wire is WireType.StartGroup or WireType.EndGroup)
            Fail(at, $"field {field} uses the deprecated group wire type {(int)wire}, which is not supported");
        if (wire > WireType.Fixed32)
            Fail(at, $"field {field} has undefined wire type {(int)wire}");
        return ((int)field, wire);
    }

    /// <summary>Reads a base-128 varint of at most 10 bytes whose value fits 64 bits.</summary>
    public ulong ReadVarint()
    {
        int at = Offset;
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (_position >= _data.Length)
                Fail(at, "a varint runs past the end of its message");
            byte b = _data[_position++];
            // The 10th byte holds bit 63 only and must end the varint: this bounds the loop.
            if (shift == 7 * (MaxVarintBytes - 1) && b > 1)
                Fail(at, b >= 0x80 ? $"a varint is longer than {MaxVarintBytes} bytes" : "a 10-byte varint overflows 64 bits");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
    }

    /// <summary>Reads an <c>int32</c> or enum varint (negative values are sign-extended to 10 bytes on the wire).</summary>
    public int ReadInt32(string name)
    {
        int at = Offset;
        long value = (long)ReadVarint();
        if (value is < int.MinValue or > int.MaxValue)
            Fail(at, $"{name} = {value} does not fit an int32");
        return (int)value;
    }

    /// <summary>Reads a <c>bool</c> varint; as in protobuf, any non-zero value is true.</summary>
    public bool ReadBool() => ReadVarint() != 0;

    /// <summary>Reads a little-endian <c>float</c> (wire type 5).</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(ReadFixed(4));

    /// <summary>Reads a length-delimited field's bytes (a string, bytes or an embedded message).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        int at = Offset;
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
            Fail(at, $"a length of {length} bytes runs past the end of its message ({_data.Length - _position} bytes left)");
        ReadOnlySpan<byte> bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>Reads an embedded message and returns a reader over it alone.</summary>
    public ProtobufReader ReadMessage()
    {
        ReadOnlySpan<byte> body = ReadBytes();
        return new ProtobufReader(_path, body, Offset - body.Length);
    }

    /// <summary>Skips the value of a field this reader does not know.</summary>
    public void Skip(WireType wire)
    {
        switch (wire)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed(8);
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                ReadFixed(4);
                break;
            default:
                Fail(Offset, $"cannot skip wire type {(int)wire}");
                break;
        }
    }

    /// <summary>Throws unless a known field arrived with the wire type its declaration implies.</summary>
    public readonly void Expect(WireType actual, WireType expected, string name)
    {
        if (actual != expected)
            Fail(Offset, $"{name} has wire type {(int)actual}, expected {(int)expected}");
    }

    /// <summary>Throws a <see cref="ModelLoadException"/> for the file at <paramref name="offset"/>.</summary>
    [DoesNotReturn]
    public readonly void Fail(int offset, string fault) => throw new ModelLoadException(_path, $"byte {offset}: {fault}");

    /// <inheritdoc cref="Fail(int, string)"/>
    [DoesNotReturn]
    public readonly T Fail<T>(int offset, string fault) => throw new ModelLoadException(_path, $"byte {offset}: {fault}");

    private ReadOnlySpan<byte> ReadFixed(int width)
    {
        if (_data.Length - _position < width)
            Fail(Offset, $"a {width}-byte value runs past the end of its message ({_data.Length - _position} bytes left)");
        ReadOnlySpan<byte> bytes = _data.Slice(_position, width);
        _position += width;
        return bytes;
    }
}
