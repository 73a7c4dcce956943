using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Bench.Serving;

/// <summary>
/// A serving report as JSON lines (<c>augur bench-serve --json</c>): one compact camelCase object per line, each with a
/// <c>kind</c>: <c>run</c> once (<c>schema</c>, <c>model</c>, <c>machine</c>, <c>settings</c>), then, for the reports
/// that ran, <c>prefixCache</c> (seconds), one <c>concurrency</c> line per engine and level (tokens per second),
/// <c>interference</c> (<c>alone</c> and <c>loaded</c> latency summaries in seconds) and <c>chat</c> (token counts and rates).
/// Non-finite numbers are written as strings (<c>"NaN"</c>, <c>"Infinity"</c>).
/// </summary>
public static class ServingJsonLines
{
    /// <summary>The version in the <c>run</c> line; raised when a field changes meaning or goes away.</summary>
    public const int Schema = 1;

    public static void Write(ServingReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        foreach (string line in Lines(report))
            output.WriteLine(line);
    }

    /// <summary>The lines of <paramref name="report"/>, without line ends.</summary>
    public static IEnumerable<string> Lines(ServingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ServingJsonContext context = ServingJsonContext.Default;
        yield return JsonSerializer.Serialize(new ServingRunLine("run", Schema, report.Model, report.Machine, report.Options), context.ServingRunLine);
        if (report.PrefixCache is { } p)
        {
            yield return JsonSerializer.Serialize(new PrefixCacheLine("prefixCache", p.PrefixTokens, p.SuffixTokens, p.UncachedMedian, p.CachedMedian,
                p.Speedup, p.CachedPromptTokens, p.UncachedSeconds, p.CachedSeconds), context.PrefixCacheLine);
        }
        if (report.Concurrency is { } c)
        {
            foreach (ConcurrencyPoint point in c.Points)
            {
                yield return JsonSerializer.Serialize(new ConcurrencyLine("concurrency", point.Engine, point.Sequences, c.PromptTokens, c.DecodeTokens,
                    point.DecodeTokensPerSecond, point.EndToEndTokensPerSecond, point.DecodeSteps), context.ConcurrencyLine);
            }
        }
        if (report.Interference is { } i)
        {
            yield return JsonSerializer.Serialize(new InterferenceLine("interference", i.Requests, i.IntervalSeconds, i.PromptTokens, i.BatchClients,
                i.RunningAtStart, i.Alone, i.Loaded, i.LoadDecodeTokensPerSecond, i.LoadedPreemptions), context.InterferenceLine);
        }
        if (report.Chat is { } h)
        {
            yield return JsonSerializer.Serialize(new ChatLine("chat", h.Conversations, h.Turns, h.UserTokens, h.AnswerTokens, h.PromptTokens, h.HitTokens,
                h.TheoreticalHitTokens, h.HitRate, h.TheoreticalHitRate, h.Evictions, h.FirstTurnTimeToFirstToken, h.LaterTurnsTimeToFirstToken), context.ChatLine);
        }
    }
}

internal sealed record ServingRunLine(string Kind, int Schema, ModelSummary Model, MachineSummary Machine, ServingBenchmarkOptions Settings);

internal sealed record PrefixCacheLine(
    string Kind, int PrefixTokens, int SuffixTokens, double UncachedMedianSeconds, double CachedMedianSeconds, double Speedup, int CachedPromptTokens,
    IReadOnlyList<double> UncachedSeconds, IReadOnlyList<double> CachedSeconds);

internal sealed record ConcurrencyLine(
    string Kind, string Engine, int Sequences, int PromptTokens, int DecodeTokens, double DecodeTokensPerSecond, double? EndToEndTokensPerSecond, int DecodeSteps);

internal sealed record InterferenceLine(
    string Kind, int Requests, double IntervalSeconds, int PromptTokens, int BatchClients, int RunningAtStart, LatencySummary Alone, LatencySummary Loaded,
    double LoadDecodeTokensPerSecond, long Preemptions);

internal sealed record ChatLine(
    string Kind, int Conversations, int Turns, int UserTokens, int AnswerTokens, long PromptTokens, long HitTokens, long TheoreticalHitTokens,
    double HitRate, double TheoreticalHitRate, long Evictions, double FirstTurnTimeToFirstTokenSeconds, double LaterTurnsTimeToFirstTokenSeconds);

/// <summary>Compile-time serialization metadata for the lines of <see cref="ServingJsonLines"/>: compact, camelCase.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ServingRunLine))]
[JsonSerializable(typeof(PrefixCacheLine))]
[JsonSerializable(typeof(ConcurrencyLine))]
[JsonSerializable(typeof(InterferenceLine))]
[JsonSerializable(typeof(ChatLine))]
internal sealed partial class ServingJsonContext : JsonSerializerContext;
