using System.Buffers.Binary;
using System.Text;

namespace Augur.Models.Gguf;

/// <summary>Little-endian GGUF encodings shared by <see cref="GgufWriter"/> and the array factories of <see cref="GgufValue"/>.</summary>
internal static class GgufEncoder
{
    public static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    public static void WriteUInt64(Stream stream, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    /// <summary>A uint64 byte length, then the UTF-8 bytes.</summary>
    public static void WriteString(Stream stream, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteUInt64(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    /// <summary>A value without its type tag: the scalar bytes, the string, or element type + count + elements.</summary>
    public static void WritePayload(Stream stream, GgufValue value)
    {
        switch (value.Type)
        {
            case GgufValueType.String:
                WriteString(stream, value.AsString());
                break;
            case GgufValueType.Array:
                GgufArray array = value.ArrayData!;
                WriteUInt32(stream, (uint)array.ElementType);
                WriteUInt64(stream, (ulong)array.Count);
                array.CopyEncodedTo(stream);
                break;
            default:
                Span<byte> bytes = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, value.RawBits);
                stream.Write(bytes[..GgufValueTypeInfo.FixedSize(value.Type)]);
                break;
        }
    }
}
