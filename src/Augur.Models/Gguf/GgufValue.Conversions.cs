using System.Runtime.InteropServices;

namespace Augur.Models.Gguf;

public sealed partial class GgufValue
{
    /// <summary>Whether the value is an integer (of any width or sign) that fits in a long.</summary>
    public bool TryGetInt64(out long value)
    {
        value = (long)_bits;
        return GgufValueTypeInfo.IsSignedInteger(Type) || (GgufValueTypeInfo.IsInteger(Type) && _bits <= long.MaxValue);
    }

    /// <summary>Whether the value is an integer (of any width or sign) that fits in a ulong.</summary>
    public bool TryGetUInt64(out ulong value)
    {
        value = _bits;
        return GgufValueTypeInfo.IsInteger(Type) && (!GgufValueTypeInfo.IsSignedInteger(Type) || (long)_bits >= 0);
    }

    /// <summary>Whether the value is a number (float or integer), as a double.</summary>
    public bool TryGetFloat64(out double value)
    {
        value = Type switch
        {
            GgufValueType.Float32 => BitConverter.UInt32BitsToSingle((uint)_bits),
            GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(_bits),
            _ when GgufValueTypeInfo.IsSignedInteger(Type) => (long)_bits,
            _ when GgufValueTypeInfo.IsInteger(Type) => _bits,
            _ => 0,
        };
        return GgufValueTypeInfo.IsFloat(Type) || GgufValueTypeInfo.IsInteger(Type);
    }

    /// <summary>
    /// Converts to <typeparamref name="T"/> when the value fits: any integer type to any integer type whose range holds
    /// the value; any number to <see cref="float"/> or <see cref="double"/>; bool; string; and arrays to
    /// <c>string[]</c>, <c>float[]</c>, <c>double[]</c>, <c>int[]</c>, <c>uint[]</c> and <c>long[]</c> under the same rules per element.
    /// </summary>
    public bool TryGet<T>(out T value)
    {
        object? result = Convert(typeof(T));
        value = result is T typed ? typed : default!;
        return result is not null;
    }

    /// <summary>Like <see cref="TryGet{T}"/>, throwing <see cref="InvalidOperationException"/> when it does not convert.</summary>
    public T Get<T>() => TryGet(out T value) ? value : throw WrongType(typeof(T).Name);

    /// <summary>Copies a string array out (invalid UTF-8 becomes U+FFFD).</summary>
    public string[] ToStringArray() => Get<string[]>();

    /// <summary>Copies a Float32 or Float64 (or integer) array out as floats.</summary>
    public float[] ToFloat32Array() => Get<float[]>();

    /// <summary>Copies an integer array whose elements all fit in an int.</summary>
    public int[] ToInt32Array() => Get<int[]>();

    /// <summary>Copies an integer array whose elements all fit in a long.</summary>
    public long[] ToInt64Array() => Get<long[]>();

    private object? Convert(Type target)
    {
        if (target == typeof(string))
            return _string;
        if (target == typeof(bool))
            return Type == GgufValueType.Bool ? _bits != 0 : null;
        if (target == typeof(float))
            return TryGetFloat64(out double d) ? (float)d : null;
        if (target == typeof(double))
            return TryGetFloat64(out double d) ? d : null;
        if (target.IsArray)
            return _array is null ? null : ConvertArray(target.GetElementType()!);
        if (TryGetInt64(out long signed))
        {
            if (target == typeof(long)) return signed;
            if (target == typeof(int)) return signed is >= int.MinValue and <= int.MaxValue ? (int)signed : null;
            if (target == typeof(short)) return signed is >= short.MinValue and <= short.MaxValue ? (short)signed : null;
            if (target == typeof(sbyte)) return signed is >= sbyte.MinValue and <= sbyte.MaxValue ? (sbyte)signed : null;
        }
        if (TryGetUInt64(out ulong unsigned))
        {
            if (target == typeof(ulong)) return unsigned;
            if (target == typeof(uint)) return unsigned <= uint.MaxValue ? (uint)unsigned : null;
            if (target == typeof(ushort)) return unsigned <= ushort.MaxValue ? (ushort)unsigned : null;
            if (target == typeof(byte)) return unsigned <= byte.MaxValue ? (byte)unsigned : null;
        }
        if (target == typeof(string) || target == typeof(bool) || target == typeof(long) || target == typeof(int) ||
            target == typeof(short) || target == typeof(sbyte) || target == typeof(ulong) || target == typeof(uint) ||
            target == typeof(ushort) || target == typeof(byte))
            return null;
        throw new NotSupportedException($"GGUF values do not convert to {target}.");
    }

    private Array? ConvertArray(Type elementType)
    {
        GgufArray array = _array!;
        if (elementType == typeof(string))
        {
            if (array.ElementType != GgufValueType.String)
                return null;
            var strings = new string[array.Count];
            for (int i = 0; i < strings.Length; i++)
                strings[i] = array.GetString(i);
            return strings;
        }
        if (elementType != typeof(float) && elementType != typeof(double) && elementType != typeof(int) &&
            elementType != typeof(uint) && elementType != typeof(long))
            throw new NotSupportedException($"GGUF arrays do not convert to {elementType}[].");
        if (GgufValueTypeInfo.FixedSize(array.ElementType) == 0 || array.ElementType == GgufValueType.Bool)
            return null;

        // Fast paths for the common cases (token scores, token types): the encoding already is the array.
        if (elementType == typeof(float) && array.ElementType == GgufValueType.Float32)
            return MemoryMarshal.Cast<byte, float>(array.Memory.Span(array.Start, (int)array.ByteLength)).ToArray();
        if (elementType == typeof(int) && array.ElementType == GgufValueType.Int32)
            return MemoryMarshal.Cast<byte, int>(array.Memory.Span(array.Start, (int)array.ByteLength)).ToArray();

        var result = System.Array.CreateInstance(elementType, array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            object? element = FromScalarBits(array.ElementType, array.ReadFixedBits(i)).Convert(elementType);
            if (element is null)
                return null;
            result.SetValue(element, i);
        }
        return result;
    }
}
