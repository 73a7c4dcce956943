namespace Augur.Models.Gguf;

/// <summary>The type tag of a GGUF metadata value, as stored in the file (<c>gguf_metadata_value_type</c>).</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    /// <summary>One byte, 0 or 1.</summary>
    Bool = 7,
    /// <summary>A uint64 byte length, then that many UTF-8 bytes (no terminator).</summary>
    String = 8,
    /// <summary>A uint32 element type, a uint64 count, then the elements.</summary>
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>Sizes and classes of <see cref="GgufValueType"/>s.</summary>
public static class GgufValueTypeInfo
{
    /// <summary>Whether the tag is one of the thirteen GGUF value types.</summary>
    public static bool IsKnown(GgufValueType type) => (uint)type <= (uint)GgufValueType.Float64;

    /// <summary>Whether values of this type are integers (bool is not).</summary>
    public static bool IsInteger(GgufValueType type) => type is
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.UInt16 or GgufValueType.Int16 or
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.UInt64 or GgufValueType.Int64;

    /// <summary>Whether values of this type are signed integers.</summary>
    public static bool IsSignedInteger(GgufValueType type) => type is
        GgufValueType.Int8 or GgufValueType.Int16 or GgufValueType.Int32 or GgufValueType.Int64;

    /// <summary>Whether values of this type are floating point.</summary>
    public static bool IsFloat(GgufValueType type) => type is GgufValueType.Float32 or GgufValueType.Float64;

    /// <summary>Encoded bytes of one value of a fixed-size type; 0 for strings and arrays.</summary>
    public static int FixedSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => 0,
    };

    /// <summary>
    /// The fewest bytes one value of this type can take: its fixed size, 8 for a string (the length),
    /// 12 for an array (element type and count). Used to reject absurd counts before allocating.
    /// </summary>
    public static int MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.String => 8,
        GgufValueType.Array => 12,
        _ => FixedSize(type),
    };
}
