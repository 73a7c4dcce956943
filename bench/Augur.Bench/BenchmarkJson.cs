using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Bench;

/// <summary>The report as JSON (camelCase, indented), through the source-generated <see cref="BenchmarkJsonContext"/>.</summary>
public static class BenchmarkJson
{
    /// <summary>The report as an indented JSON document.</summary>
    public static string Serialize(BenchmarkReport report) =>
        JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.BenchmarkReport);

    /// <summary>A report written by <see cref="Serialize"/>.</summary>
    /// <exception cref="JsonException">The text is not such a report.</exception>
    public static BenchmarkReport Deserialize(string json) =>
        JsonSerializer.Deserialize(json, BenchmarkJsonContext.Default.BenchmarkReport)
        ?? throw new JsonException("The JSON document is null, not a benchmark report.");
}

/// <summary>Compile-time serialization metadata for <see cref="BenchmarkReport"/> and everything in it.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BenchmarkReport))]
public sealed partial class BenchmarkJsonContext : JsonSerializerContext;
