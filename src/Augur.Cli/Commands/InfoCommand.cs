using System.Globalization;
using Augur.Models.Gguf;
using Augur.Tensors;

namespace Augur.Cli.Commands;

/// <summary><c>augur info FILE</c>: a GGUF file's metadata, then its tensors with types, shapes and sizes.</summary>
internal static class InfoCommand
{
    private const int MaxArrayItemsShown = 8;

    public static int Execute(CommandLine args)
    {
        string path = args.Positionals(1, "one GGUF file")[0];
        args.EnsureAllUsed();
        using GgufFile file = GgufFile.Open(path);
        TextWriter output = Console.Out;

        output.WriteLine(FormattableString.Invariant(
            $"{file.Path}: GGUF v{file.Version}, {file.FileLength:N0} bytes, alignment {file.Alignment}, data at {file.DataOffset:N0}"));
        output.WriteLine(FormattableString.Invariant($"metadata ({file.MetadataEntries.Count} keys):"));
        foreach ((string key, GgufValue value) in file.MetadataEntries)
            output.WriteLine($"  {key,-48} {Describe(value)}");

        output.WriteLine(FormattableString.Invariant($"tensors ({file.Tensors.Count}):"));
        long total = 0;
        var byType = new SortedDictionary<TensorType, long>();
        foreach (GgufTensorInfo tensor in file.Tensors)
        {
            string shape = string.Join(" × ", tensor.Dimensions.ToArray());
            output.WriteLine(FormattableString.Invariant($"  {tensor.Name,-36} {tensor.Type,-5} {shape,-20} {Size(tensor.ByteLength),10}"));
            total += tensor.ByteLength;
            byType[tensor.Type] = byType.GetValueOrDefault(tensor.Type) + tensor.ElementCount;
        }

        long elements = byType.Values.Sum();
        string types = string.Join(", ", byType.Select(kv => FormattableString.Invariant($"{kv.Key} {100.0 * kv.Value / Math.Max(1, elements):F1}%")));
        output.WriteLine(FormattableString.Invariant($"total: {elements:N0} parameters, {Size(total)} ({types})"));
        return 0;
    }

    private static string Describe(GgufValue value)
    {
        if (!value.IsArray)
            return value.Type == GgufValueType.String ? Quote(value.AsString()) : $"{value} ({value.Type})";

        int shown = Math.Min(value.Count, MaxArrayItemsShown);
        var items = new List<string>(shown);
        for (int i = 0; i < shown; i++)
            items.Add(value.ElementType == GgufValueType.String ? Quote(value.GetString(i)) : Describe(value[i]));
        string more = value.Count > shown ? ", …" : "";
        return FormattableString.Invariant($"[{value.ElementType} × {value.Count}] [{string.Join(", ", items)}{more}]");
    }

    private static string Quote(string text)
    {
        const int MaxLength = 80;
        string shown = text.Length > MaxLength ? string.Concat(text.AsSpan(0, MaxLength), "…") : text;
        return "\"" + shown.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F2} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
