using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Bench;

/// <summary>
/// The report as JSON lines (<c>augur bench --json</c>): one compact JSON object per line, camelCase, each with a
/// <c>kind</c>, in this order:
/// <list type="number">
/// <item><c>run</c>, once: <c>schema</c> (1), <c>model</c>, <c>machine</c>, <c>settings</c>, <c>roofline</c> (null
/// when skipped), <c>cost</c> (null where unknown) and <c>engines</c> (name, description, kvCacheElementBytes,
/// batchedSupported);</item>
/// <item><c>measurement</c>, one per engine, test and measured round, in the order they ran: <c>engine</c>,
/// <c>test</c> (<c>prefill</c>, <c>decode</c> or <c>batched</c>), <c>round</c> (1-based), <c>sequence</c> (the engine
/// turn, 0-based, across engines), <c>tokens</c> (batched: all sequences together), <c>seconds</c>, <c>rate</c>
/// (tokens per second);</item>
/// <item><c>summary</c>, one per engine and test: <c>supported</c>, <c>median</c>, <c>min</c>, <c>max</c> (null when
/// not supported), <c>percentOfLimit</c> and <c>limit</c> (<c>int8</c>/<c>fp32</c> peak for prefill,
/// <c>bandwidth</c> for decode and batched; null without a roofline);</item>
/// <item><c>ratio</c>, one per test when two engines ran: <c>test</c> and <c>value</c>, our median over the
/// reference's (null when either has none).</item>
/// </list>
/// The batched test appears only when it was on (<c>settings.batchSequences</c> above 0). Infinite rates (a clock too
/// coarse to see the work) are written as the string <c>"Infinity"</c>.
/// </summary>
public static class BenchmarkJsonLines
{
    /// <summary>The version in the <c>run</c> line; raised when a field changes meaning or goes away.</summary>
    public const int Schema = 1;

    /// <summary>Writes every line of <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(BenchmarkReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        foreach (string line in Lines(report))
            output.WriteLine(line);
    }

    /// <summary>The lines of <paramref name="report"/>, without line ends.</summary>
    public static IEnumerable<string> Lines(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        BenchmarkJsonLinesContext context = BenchmarkJsonLinesContext.Default;
        var settings = new BenchmarkSettings(report.PromptTokens, report.DecodeTokens, report.BatchSequences, report.BatchedPromptTokens,
            report.Threads, report.BatchTokens, report.Repeats, report.WarmupRounds, report.Seed);
        var engines = report.Engines.Select(e => new EngineLine(e.Name, e.Description, e.KvCacheElementBytes, e.BatchedSupported)).ToList();
        yield return JsonSerializer.Serialize(
            new RunLine("run", Schema, report.Model, report.Machine, settings, report.Roofline, report.Cost, engines), context.RunLine);

        bool batched = report.BatchSequences > 0;
        foreach (var (engine, sample) in report.Engines.SelectMany(e => e.Samples.Select(s => (e, s))).OrderBy(p => p.s.Sequence))
        {
            yield return Measurement(engine, sample, "prefill", report.PromptTokens, sample.PrefillSeconds, sample.PrefillTokensPerSecond);
            yield return Measurement(engine, sample, "decode", report.DecodeTokens, sample.DecodeSeconds, sample.DecodeTokensPerSecond);
            if (sample.BatchedSeconds is { } seconds)
                yield return Measurement(engine, sample, "batched", report.BatchSequences * report.DecodeTokens, seconds, sample.BatchedTokensPerSecond!.Value);
        }

        foreach (EngineResult engine in report.Engines)
        {
            RooflineShares? s = engine.Shares;
            yield return Summary(engine.Name, "prefill", engine.Prefill, s?.PrefillPercentOfCompute, s?.ComputeCeiling);
            yield return Summary(engine.Name, "decode", engine.Decode, s?.DecodePercentOfBandwidth, s is null ? null : "bandwidth");
            if (batched)
                yield return Summary(engine.Name, "batched", engine.Batched, s?.BatchedPercentOfBandwidth, s?.BatchedPercentOfBandwidth is null ? null : "bandwidth");
        }

        if (report.Ratio is { } ratio)
        {
            yield return JsonSerializer.Serialize(new RatioLine("ratio", "prefill", ratio.Prefill), context.RatioLine);
            yield return JsonSerializer.Serialize(new RatioLine("ratio", "decode", ratio.Decode), context.RatioLine);
            if (batched)
                yield return JsonSerializer.Serialize(new RatioLine("ratio", "batched", ratio.Batched), context.RatioLine);
        }
    }

    private static string Measurement(EngineResult engine, RoundSample sample, string test, int tokens, double seconds, double rate) =>
        JsonSerializer.Serialize(
            new MeasurementLine("measurement", engine.Name, test, sample.Round, sample.Sequence, tokens, seconds, rate),
            BenchmarkJsonLinesContext.Default.MeasurementLine);

    private static string Summary(string engine, string test, RateSummary? rate, double? percent, string? limit) =>
        JsonSerializer.Serialize(
            new SummaryLine("summary", engine, test, rate is not null, rate?.Median, rate?.Min, rate?.Max, percent, limit),
            BenchmarkJsonLinesContext.Default.SummaryLine);
}

/// <summary>The counts a run used (the <c>settings</c> of the <c>run</c> line).</summary>
public sealed record BenchmarkSettings(
    int PromptTokens, int DecodeTokens, int BatchSequences, int BatchedPromptTokens, int Threads, int BatchTokens, int Repeats, int WarmupRounds, int Seed);

internal sealed record EngineLine(string Name, string Description, int KvCacheElementBytes, bool BatchedSupported);

internal sealed record RunLine(
    string Kind, int Schema, ModelSummary Model, MachineSummary Machine, BenchmarkSettings Settings, RooflineLimits? Roofline, ModelCost? Cost,
    IReadOnlyList<EngineLine> Engines);

internal sealed record MeasurementLine(string Kind, string Engine, string Test, int Round, int Sequence, int Tokens, double Seconds, double Rate);

internal sealed record SummaryLine(
    string Kind, string Engine, string Test, bool Supported, double? Median, double? Min, double? Max, double? PercentOfLimit, string? Limit);

internal sealed record RatioLine(string Kind, string Test, double? Value);

/// <summary>Compile-time serialization metadata for the lines of <see cref="BenchmarkJsonLines"/>: compact, camelCase.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunLine))]
[JsonSerializable(typeof(MeasurementLine))]
[JsonSerializable(typeof(SummaryLine))]
[JsonSerializable(typeof(RatioLine))]
internal sealed partial class BenchmarkJsonLinesContext : JsonSerializerContext;
