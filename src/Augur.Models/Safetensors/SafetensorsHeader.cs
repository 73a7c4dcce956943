using System.Text.Json;

namespace Augur.Models.Safetensors;

/// <summary>
/// Parses and checks a safetensors JSON header: every entry a tensor of a known type with a shape whose byte size
/// matches its <c>data_offsets</c>, every range inside the data section, no two ranges overlapping, no duplicate
/// names, plus an optional <c>__metadata__</c> map of strings. Every fault is a <see cref="ModelLoadException"/>.
/// </summary>
internal static class SafetensorsHeader
{
    private const int MaxRank = 8;
    private const int MaxNameLength = 1024;
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4 };

    public static (List<SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata) Parse(string path, ReadOnlySpan<byte> json, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), Options);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"the header is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Fault(path, "the header is not a JSON object");
            var tensors = new List<SafetensorsTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                if (!names.Add(entry.Name))
                    throw Fault(path, $"'{Shorten(entry.Name)}' appears twice in the header");
                if (entry.Name == "__metadata__")
                    ReadMetadata(path, entry.Value, metadata);
                else
                    tensors.Add(ReadTensor(path, entry.Name, entry.Value, dataLength));
            }
            CheckNoOverlap(path, tensors);
            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fault(path, "__metadata__ is not an object");
        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Fault(path, $"__metadata__ value '{Shorten(item.Name)}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadTensor(string path, string name, JsonElement value, long dataLength)
    {
        if (name.Length == 0 || name.Length > MaxNameLength)
            throw Fault(path, $"a tensor name is {name.Length} characters long (1 to {MaxNameLength} allowed)");
        string shown = Shorten(name);
        if (value.ValueKind != JsonValueKind.Object)
            throw Fault(path, $"tensor '{shown}' is not an object");
        string? dtype = null;
        long[]? shape = null, offsets = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when field.Value.ValueKind == JsonValueKind.String && dtype is null:
                    dtype = field.Value.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(path, shown, "shape", field.Value, MaxRank);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(path, shown, "data_offsets", field.Value, 2);
                    break;
                default:
                    throw Fault(path, $"tensor '{shown}' has an unexpected or repeated field '{Shorten(field.Name)}'");
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw Fault(path, $"tensor '{shown}' lacks dtype, shape or data_offsets");
        if (!SafetensorsDTypes.TryParse(dtype, out SafetensorsDType type))
            throw Fault(path, $"tensor '{shown}' has dtype {Shorten(dtype)}; Augur reads F32, F16 and BF16");
        if (offsets.Length != 2)
            throw Fault(path, $"tensor '{shown}' has {offsets.Length} data_offsets, not 2");

        long bytes;
        try
        {
            long count = 1;
            foreach (long d in shape)
                count = checked(count * d);
            bytes = checked(count * SafetensorsDTypes.Size(type));
        }
        catch (OverflowException)
        {
            throw Fault(path, $"tensor '{shown}' has a shape too large to address: [{string.Join(", ", shape)}]");
        }
        (long begin, long end) = (offsets[0], offsets[1]);
        if (begin > end || end > dataLength)
            throw Fault(path, $"tensor '{shown}' has data_offsets [{begin}, {end}] outside the {dataLength} bytes of data");
        if (end - begin != bytes)
            throw Fault(path, $"tensor '{shown}' has {end - begin} bytes of data, but its shape and dtype need {bytes}");
        return new SafetensorsTensorInfo(name, type, shape, begin, end);
    }

    /// <summary>A JSON array of non-negative integers, at most <paramref name="maxLength"/> long.</summary>
    private static long[] ReadIntegers(string path, string tensor, string field, JsonElement value, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxLength)
            throw Fault(path, $"tensor '{tensor}' {field} is not an array of at most {maxLength} integers");
        var result = new long[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long number) || number < 0)
                throw Fault(path, $"tensor '{tensor}' {field} holds {Shorten(item.GetRawText())}, not a non-negative 64-bit integer");
            result[i++] = number;
        }
        return result;
    }

    private static void CheckNoOverlap(string path, List<SafetensorsTensorInfo> tensors)
    {
        var sorted = tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.Begin).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Begin < sorted[i - 1].End)
                throw Fault(path, $"the data of tensors '{Shorten(sorted[i - 1].Name)}' and '{Shorten(sorted[i].Name)}' overlap");
        }
    }

    /// <summary>A name as shown in an error: at most 80 characters, control characters replaced.</summary>
    internal static string Shorten(string text)
    {
        string cut = text.Length > 80 ? string.Concat(text.AsSpan(0, 77), "…") : text;
        return string.Create(cut.Length, cut, static (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
        });
    }

    private static ModelLoadException Fault(string path, string fault) => new(path, fault + ".");
}
