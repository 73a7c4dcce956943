using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Augur.Models.Safetensors;

/// <summary>
/// Writes safetensors files from F32 data, each tensor stored as F32, F16 or BF16 (round to nearest even), with the
/// header padded to 8 bytes as the reference implementation does. Used to write adapters (tests, tools).
/// </summary>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, SafetensorsDType Type, long[] Shape, float[] Data)> _tensors = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Adds a tensor of <paramref name="shape"/> (outermost first) holding <paramref name="data"/> row-major.</summary>
    public SafetensorsWriter Add(string name, SafetensorsDType type, ReadOnlySpan<long> shape, ReadOnlySpan<float> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        long count = 1;
        foreach (long d in shape)
            count *= d;
        if (count != data.Length)
            throw new ArgumentException($"The shape holds {count} elements, the data {data.Length}.", nameof(data));
        _tensors.Add((name, type, shape.ToArray(), data.ToArray()));
        return this;
    }

    /// <summary>Sets a <c>__metadata__</c> string.</summary>
    public SafetensorsWriter AddMetadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        WriteTo(stream);
    }

    public void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var json = new MemoryStream();
        long offset = 0;
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (_metadata.Count > 0)
            {
                writer.WriteStartObject("__metadata__");
                foreach ((string key, string value) in _metadata)
                    writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            foreach (var (name, type, shape, data) in _tensors)
            {
                long bytes = (long)data.Length * SafetensorsDTypes.Size(type);
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafetensorsDTypes.Name(type));
                writer.WriteStartArray("shape");
                foreach (long d in shape)
                    writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }
            writer.WriteEndObject();
        }
        while (json.Length % 8 != 0)
            json.WriteByte((byte)' ');

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        destination.Write(length);
        json.Position = 0;
        json.CopyTo(destination);
        foreach (var (_, type, _, data) in _tensors)
            destination.Write(Encode(type, data));
    }

    private static byte[] Encode(SafetensorsDType type, float[] data)
    {
        if (type == SafetensorsDType.F32)
            return MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        var bytes = new byte[data.Length * 2];
        for (int i = 0; i < data.Length; i++)
        {
            ushort bits = type == SafetensorsDType.F16 ? BitConverter.HalfToUInt16Bits((Half)data[i]) : ToBFloat16(data[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), bits);
        }
        return bytes;
    }

    private static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
            return (ushort)((bits >> 16) | 0x40);
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
