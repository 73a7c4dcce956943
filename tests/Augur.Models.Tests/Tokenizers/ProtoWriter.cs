using System.Buffers.Binary;
using System.Text;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// Writes protobuf wire format by its definition (tag = field &lt;&lt; 3 | wire type, base-128 varints, negative
/// int32 sign-extended to 10 bytes), to build small SentencePiece <c>ModelProto</c>s in tests. Records where each
/// top-level field ends, so tests know which truncations leave a well-formed message.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> _bytes = [];

    /// <summary>The length of the output after each field written so far.</summary>
    public List<int> FieldEnds { get; } = [];

    public int Length => _bytes.Count;

    public ProtoWriter Varint(int field, ulong value)
    {
        Tag(field, 0);
        RawVarint(value);
        return End();
    }

    public ProtoWriter Int32(int field, int value) => Varint(field, (ulong)(long)value);

    public ProtoWriter Bool(int field, bool value) => Varint(field, value ? 1UL : 0UL);

    public ProtoWriter Fixed64(int field, ulong value)
    {
        Tag(field, 1);
        for (int i = 0; i < 8; i++)
            _bytes.Add((byte)(value >> (8 * i)));
        return End();
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _bytes.AddRange(bytes);
        return End();
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return End();
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>Appends bytes as they are, outside any field.</summary>
    public ProtoWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return End();
    }

    /// <summary>A <c>SentencePiece</c> message: piece = 1, score = 2, type = 3.</summary>
    public ProtoWriter Piece(string piece, float score, TokenKind kind) =>
        Message(1, new ProtoWriter().String(1, piece).Float(2, score).Int32(3, (int)kind));

    public byte[] ToArray() => [.. _bytes];

    private void Tag(int field, int wire) => RawVarint(((ulong)field << 3) | (uint)wire);

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }

    private ProtoWriter End()
    {
        FieldEnds.Add(_bytes.Count);
        return this;
    }
}
