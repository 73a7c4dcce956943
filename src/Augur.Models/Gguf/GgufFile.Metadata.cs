using System.Diagnostics.CodeAnalysis;

namespace Augur.Models.Gguf;

public sealed partial class GgufFile
{
    /// <summary>The value of <paramref name="key"/>; a <see cref="ModelLoadException"/> naming the key when it is missing.</summary>
    public GgufValue GetValue(string key) =>
        _header.Metadata.TryGetValue(key, out GgufValue? value) ? value : throw Fault($"metadata key '{key}' is missing");

    public bool ContainsKey(string key) => _header.Metadata.ContainsKey(key);

    /// <summary>
    /// The value of <paramref name="key"/> converted to <typeparamref name="T"/> by the rules of <see cref="GgufValue.TryGet{T}"/>:
    /// any integer type whose value fits (writers differ: a length may be uint32 or uint64), any number for float/double,
    /// and arrays of those. Throws <see cref="ModelLoadException"/> naming the key when it is missing or does not convert.
    /// </summary>
    public T Get<T>(string key)
    {
        GgufValue value = GetValue(key);
        return value.TryGet(out T result) ? result : throw Mistyped(key, value, typeof(T));
    }

    /// <summary>False when <paramref name="key"/> is missing; a <see cref="ModelLoadException"/> when present but not convertible.</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (!_header.Metadata.TryGetValue(key, out GgufValue? raw))
        {
            value = default;
            return false;
        }
        return raw.TryGet(out value) ? true : throw Mistyped(key, raw, typeof(T));
    }

    /// <summary>The converted value, or <paramref name="defaultValue"/> when the key is missing (mistyped still throws).</summary>
    public T GetOrDefault<T>(string key, T defaultValue)
    {
        if (TryGet(key, out T? value))
            return value!;
        return defaultValue;
    }

    public string GetString(string key) => Get<string>(key);

    public bool TryGetString(string key, [NotNullWhen(true)] out string? value) => TryGet(key, out value);

    public bool GetBool(string key) => Get<bool>(key);

    public int GetInt32(string key) => Get<int>(key);

    public uint GetUInt32(string key) => Get<uint>(key);

    public long GetInt64(string key) => Get<long>(key);

    public ulong GetUInt64(string key) => Get<ulong>(key);

    public float GetFloat32(string key) => Get<float>(key);

    public double GetFloat64(string key) => Get<double>(key);

    /// <summary>A string array, copied out (so it outlives the file).</summary>
    public string[] GetStringArray(string key) => Get<string[]>(key);

    /// <summary>A numeric array as floats, copied out.</summary>
    public float[] GetFloat32Array(string key) => Get<float[]>(key);

    /// <summary>An integer array whose elements all fit in an int, copied out.</summary>
    public int[] GetInt32Array(string key) => Get<int[]>(key);

    private ModelLoadException Fault(string fault) => new(Path, fault);

    private ModelLoadException Mistyped(string key, GgufValue value, Type expected) =>
        Fault($"metadata key '{key}' is {value.Describe()}, which does not convert to {expected.Name}");
}
