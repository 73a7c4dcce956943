using System.Runtime.InteropServices;

namespace Augur.Models.Gguf;

public sealed partial class GgufValue
{
    public static GgufValue From(byte value) => new(GgufValueType.UInt8, value, null, null);

    public static GgufValue From(sbyte value) => FromScalarBits(GgufValueType.Int8, (byte)value);

    public static GgufValue From(ushort value) => new(GgufValueType.UInt16, value, null, null);

    public static GgufValue From(short value) => FromScalarBits(GgufValueType.Int16, (ushort)value);

    public static GgufValue From(uint value) => new(GgufValueType.UInt32, value, null, null);

    public static GgufValue From(int value) => FromScalarBits(GgufValueType.Int32, (uint)value);

    public static GgufValue From(ulong value) => new(GgufValueType.UInt64, value, null, null);

    public static GgufValue From(long value) => new(GgufValueType.Int64, (ulong)value, null, null);

    public static GgufValue From(float value) => new(GgufValueType.Float32, BitConverter.SingleToUInt32Bits(value), null, null);

    public static GgufValue From(double value) => new(GgufValueType.Float64, BitConverter.DoubleToUInt64Bits(value), null, null);

    public static GgufValue From(bool value) => new(GgufValueType.Bool, value ? 1UL : 0UL, null, null);

    public static GgufValue From(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return FromString(value);
    }

    public static GgufValue FromArray(ReadOnlySpan<byte> values) => FromFixed(GgufValueType.UInt8, values);

    public static GgufValue FromArray(ReadOnlySpan<sbyte> values) => FromFixed(GgufValueType.Int8, values);

    public static GgufValue FromArray(ReadOnlySpan<ushort> values) => FromFixed(GgufValueType.UInt16, values);

    public static GgufValue FromArray(ReadOnlySpan<short> values) => FromFixed(GgufValueType.Int16, values);

    public static GgufValue FromArray(ReadOnlySpan<uint> values) => FromFixed(GgufValueType.UInt32, values);

    public static GgufValue FromArray(ReadOnlySpan<int> values) => FromFixed(GgufValueType.Int32, values);

    public static GgufValue FromArray(ReadOnlySpan<ulong> values) => FromFixed(GgufValueType.UInt64, values);

    public static GgufValue FromArray(ReadOnlySpan<long> values) => FromFixed(GgufValueType.Int64, values);

    public static GgufValue FromArray(ReadOnlySpan<float> values) => FromFixed(GgufValueType.Float32, values);

    public static GgufValue FromArray(ReadOnlySpan<double> values) => FromFixed(GgufValueType.Float64, values);

    public static GgufValue FromArray(ReadOnlySpan<bool> values) => FromFixed(GgufValueType.Bool, values);

    public static GgufValue FromArray(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var stream = new MemoryStream();
        WriteArrayHeader(stream, GgufValueType.String, values.Count);
        foreach (string value in values)
            GgufEncoder.WriteString(stream, value ?? throw new ArgumentException("Null string in the array.", nameof(values)));
        return Decode(stream);
    }

    /// <summary>An array of any element type, arrays included; every element must be of <paramref name="elementType"/>.</summary>
    public static GgufValue FromArray(GgufValueType elementType, IReadOnlyList<GgufValue> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (!GgufValueTypeInfo.IsKnown(elementType))
            throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "Unknown GGUF value type.");
        using var stream = new MemoryStream();
        WriteArrayHeader(stream, elementType, elements.Count);
        foreach (GgufValue element in elements)
        {
            if (element.Type != elementType)
                throw new ArgumentException($"An element is a {element.Type}, not a {elementType}.", nameof(elements));
            GgufEncoder.WritePayload(stream, element);
        }
        return Decode(stream);
    }

    /// <summary>A copy of an array value backed by managed memory, independent of the file it came from.</summary>
    internal static GgufValue CopyArray(GgufValue array)
    {
        using var stream = new MemoryStream();
        GgufEncoder.WritePayload(stream, array);
        return Decode(stream);
    }

    internal static GgufValue FromString(string value) => new(GgufValueType.String, 0, value, null);

    internal static GgufValue WrapArray(GgufArray array) => new(GgufValueType.Array, 0, null, array);

    /// <summary>A scalar from its encoded bits (zero-extended); signed types are sign-extended here.</summary>
    internal static GgufValue FromScalarBits(GgufValueType type, ulong bits) => type switch
    {
        GgufValueType.Int8 => new(type, (ulong)(long)(sbyte)bits, null, null),
        GgufValueType.Int16 => new(type, (ulong)(long)(short)bits, null, null),
        GgufValueType.Int32 => new(type, (ulong)(long)(int)bits, null, null),
        _ => new(type, bits, null, null),
    };

    private static GgufValue FromFixed<T>(GgufValueType type, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        // GGUF is little-endian, as is every platform .NET runs Augur on.
        using var stream = new MemoryStream();
        WriteArrayHeader(stream, type, values.Length);
        stream.Write(MemoryMarshal.AsBytes(values));
        return Decode(stream);
    }

    private static void WriteArrayHeader(MemoryStream stream, GgufValueType elementType, int count)
    {
        GgufEncoder.WriteUInt32(stream, (uint)elementType);
        GgufEncoder.WriteUInt64(stream, (ulong)count);
    }

    /// <summary>Parses an encoded array (element type, count, elements) into a value backed by a pinned copy.</summary>
    private static GgufValue Decode(MemoryStream stream)
    {
        var memory = GgufMemory.FromBytes(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        var reader = new GgufReader(memory, "(array value)");
        try
        {
            return reader.ReadArray(depth: 1);
        }
        catch (ModelLoadException e)
        {
            throw new ArgumentException(e.Fault, e);
        }
    }
}
