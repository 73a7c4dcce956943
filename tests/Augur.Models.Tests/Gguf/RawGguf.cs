using System.Buffers.Binary;
using System.Text;

namespace Augur.Models.Gguf.Tests;

/// <summary>
/// Writes GGUF bytes by hand, valid or not, without going through <see cref="GgufWriter"/>: the oracle for layout tests
/// and the source of hostile headers.
/// </summary>
internal sealed class RawGguf
{
    public const uint Magic = 0x46554747;

    private readonly MemoryStream _bytes = new();

    public long Length => _bytes.Length;

    public RawGguf Header(uint version = 3, ulong tensorCount = 0, ulong metadataCount = 0) =>
        U32(Magic).U32(version).U64(tensorCount).U64(metadataCount);

    public RawGguf U8(byte value)
    {
        _bytes.WriteByte(value);
        return this;
    }

    public RawGguf U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public RawGguf U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public RawGguf F32(float value) => U32(BitConverter.SingleToUInt32Bits(value));

    public RawGguf Bytes(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public RawGguf Str(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        return U64((ulong)utf8.Length).Bytes(utf8);
    }

    /// <summary>A key and its value type tag; the caller writes the value.</summary>
    public RawGguf Key(string key, uint type) => Str(key).U32(type);

    /// <summary>A tensor info: name, n_dims, dims, type, offset.</summary>
    public RawGguf TensorInfo(string name, uint type, ulong offset, params ulong[] dims)
    {
        Str(name).U32((uint)dims.Length);
        foreach (ulong d in dims)
            U64(d);
        return U32(type).U64(offset);
    }

    public RawGguf PadTo(int alignment)
    {
        while (_bytes.Length % alignment != 0)
            _bytes.WriteByte(0);
        return this;
    }

    public RawGguf Zeros(int count) => Bytes(new byte[count]);

    public byte[] ToArray() => _bytes.ToArray();
}
