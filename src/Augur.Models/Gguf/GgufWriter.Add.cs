namespace Augur.Models.Gguf;

// Typed shorthands for GgufWriter.Add(key, GgufValue): each stores the GGUF type matching the C# type.
public sealed partial class GgufWriter
{
    public GgufWriter Add(string key, byte value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, sbyte value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, ushort value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, short value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, uint value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, int value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, ulong value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, long value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, float value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, double value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, bool value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, string value) => Add(key, GgufValue.From(value));

    public GgufWriter Add(string key, IReadOnlyList<string> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<byte> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<sbyte> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<ushort> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<short> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<uint> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<int> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<ulong> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<long> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<float> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<double> values) => Add(key, GgufValue.FromArray(values));

    public GgufWriter Add(string key, ReadOnlySpan<bool> values) => Add(key, GgufValue.FromArray(values));
}
