using System.Globalization;

namespace Augur.Models.Gguf;

/// <summary>
/// One GGUF metadata value: a scalar, a string, or an array of any value type (arrays of arrays included).
/// Scalars and strings are self-contained. Arrays read from a <see cref="GgufFile"/> are views into the mapped file,
/// decoded element by element on demand, so they are only readable until the file is disposed
/// (<see cref="ObjectDisposedException"/> after); copy them out first with <see cref="ToStringArray"/> and friends.
/// Strings are decoded leniently: invalid UTF-8 becomes U+FFFD (use <see cref="GetUtf8"/> for the exact bytes
/// of a string array element).
/// </summary>
public sealed partial class GgufValue
{
    private readonly ulong _bits;
    private readonly string? _string;
    private readonly GgufArray? _array;

    private GgufValue(GgufValueType type, ulong bits, string? text, GgufArray? array)
    {
        Type = type;
        _bits = bits;
        _string = text;
        _array = array;
    }

    public GgufValueType Type { get; }

    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>The type of the elements of an array.</summary>
    public GgufValueType ElementType => Array.ElementType;

    /// <summary>The number of elements of an array.</summary>
    public int Count => Array.Count;

    /// <summary>Element <paramref name="index"/> of an array, as a value of <see cref="ElementType"/>.</summary>
    public GgufValue this[int index] => Array[index];

    /// <summary>The array's storage, or null for scalars and strings.</summary>
    internal GgufArray? ArrayData => _array;

    /// <summary>The scalar's bits, as encoded (little-endian, of <see cref="GgufValueTypeInfo.FixedSize"/> bytes).</summary>
    internal ulong RawBits => _bits;

    private GgufArray Array => _array ?? throw new InvalidOperationException($"The value is a {Type}, not an array.");

    /// <summary>The string; throws <see cref="InvalidOperationException"/> for other types.</summary>
    public string AsString() => _string ?? throw WrongType("String");

    /// <summary>The bool; throws <see cref="InvalidOperationException"/> for other types.</summary>
    public bool AsBool() => Type == GgufValueType.Bool ? _bits != 0 : throw WrongType("Bool");

    /// <summary>Any integer value that fits in a long.</summary>
    public long AsInt64() => TryGetInt64(out long value) ? value : throw WrongType("an integer that fits in Int64");

    /// <summary>Any integer value that fits in a ulong.</summary>
    public ulong AsUInt64() => TryGetUInt64(out ulong value) ? value : throw WrongType("an integer that fits in UInt64");

    /// <summary>Any numeric value, as a double.</summary>
    public double AsFloat64() => TryGetFloat64(out double value) ? value : throw WrongType("a number");

    /// <summary>String element <paramref name="index"/> of a string array; invalid UTF-8 becomes U+FFFD.</summary>
    public string GetString(int index) => Array.GetString(index);

    /// <summary>The exact UTF-8 bytes of string element <paramref name="index"/> (valid until the file is disposed).</summary>
    public ReadOnlySpan<byte> GetUtf8(int index) => Array.GetUtf8(index);

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        GgufValueType.String => _string!,
        GgufValueType.Array => $"[{_array!.ElementType} × {_array.Count}]",
        GgufValueType.Bool => _bits != 0 ? "true" : "false",
        GgufValueType.Float32 => BitConverter.UInt32BitsToSingle((uint)_bits).ToString(CultureInfo.InvariantCulture),
        GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(_bits).ToString(CultureInfo.InvariantCulture),
        _ when GgufValueTypeInfo.IsSignedInteger(Type) => ((long)_bits).ToString(CultureInfo.InvariantCulture),
        _ => _bits.ToString(CultureInfo.InvariantCulture),
    };

    internal InvalidOperationException WrongType(string expected) =>
        new($"The value is {Describe()}, not {expected}.");

    /// <summary>The type, and the value when it is a number, for fault messages.</summary>
    internal string Describe() => Type switch
    {
        GgufValueType.Array => $"an array of {_array!.Count} {_array.ElementType}",
        GgufValueType.String => "a String",
        _ => $"a {Type} ({this})",
    };
}
