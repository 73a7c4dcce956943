using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Bench.Speculative;

/// <summary>
/// The report as JSON lines (<c>augur bench-spec --json</c>): compact camelCase objects, one per line, each with a
/// <c>kind</c>:
/// <list type="number">
/// <item><c>run</c>, once: <c>schema</c> (1), <c>model</c>, <c>machine</c>, <c>settings</c> and <c>llamaCpp</c> (what
/// ran, null when it did not);</item>
/// <item><c>measurement</c>, one per timed decode, in the order they ran: <c>engine</c>, <c>drafter</c> (null for a
/// plain decode), <c>round</c>, <c>tokens</c>, <c>seconds</c>, <c>rate</c>, <c>steps</c>, <c>drafted</c>,
/// <c>accepted</c>, <c>rounds</c>, <c>rejections</c>, <c>draftSeconds</c>, <c>forwardSeconds</c>, <c>matchesPlain</c>;</item>
/// <item><c>baseline</c>, per engine's plain decode (<c>augur</c>, <c>llama.cpp</c>): <c>median</c>, <c>min</c>,
/// <c>max</c> tokens per second;</item>
/// <item><c>drafter</c>, one per drafter: the fields of <see cref="DrafterResult"/> (<c>speculative</c> as median, min,
/// max) and <c>measuredOverPredicted</c>.</item>
/// </list>
/// </summary>
public static class SpeculativeJsonLines
{
    /// <summary>The version in the <c>run</c> line.</summary>
    public const int Schema = 1;

    /// <summary>Writes every line of <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(SpeculativeReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (string line in Lines(report))
            output.WriteLine(line);
    }

    /// <summary>The lines of <paramref name="report"/>, without line ends.</summary>
    public static IEnumerable<string> Lines(SpeculativeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        SpeculativeJsonLinesContext context = SpeculativeJsonLinesContext.Default;
        SpeculativeBenchmarkOptions o = report.Options;
        var settings = new SpeculativeSettings(report.PromptTokens, o.DecodeTokens, o.Repeats, o.WarmupRounds, o.Threads, o.Seed);
        yield return JsonSerializer.Serialize(new SpeculativeRunLine("run", Schema, report.Model, report.Machine, settings, report.LlamaCppDescription), context.SpeculativeRunLine);
        foreach (DecodeSample s in report.Samples)
        {
            yield return JsonSerializer.Serialize(new SpeculativeMeasurementLine("measurement", s.Engine, s.Drafter, s.Round, s.Tokens, s.Seconds, s.Rate, s.Steps,
                s.Drafted, s.Accepted, s.Rounds, s.Rejections, s.DraftSeconds, s.ForwardSeconds, s.MatchesPlain), context.SpeculativeMeasurementLine);
        }
        yield return Baseline("augur", report.Plain);
        if (report.LlamaCpp is { } llamaCpp)
            yield return Baseline("llama.cpp", llamaCpp);
        foreach (DrafterResult d in report.Drafters)
        {
            yield return JsonSerializer.Serialize(new DrafterLine("drafter", d.Name, d.Kind.ToString(), d.DraftModel, d.RequestedAcceptance, d.DraftTokens,
                d.Adaptive, d.Speculative, d.Speedup, d.Acceptance, d.CostRatio, d.VerifyCostRatio, d.TokensPerRound, d.PredictedSpeedup,
                d.PredictedWithVerifyCost, d.MeasuredOverPredicted, d.OutputsIdentical), context.DrafterLine);
        }
    }

    private static string Baseline(string engine, RateSummary rate) =>
        JsonSerializer.Serialize(new BaselineLine("baseline", engine, rate.Median, rate.Min, rate.Max), SpeculativeJsonLinesContext.Default.BaselineLine);
}

internal sealed record SpeculativeSettings(int PromptTokens, int DecodeTokens, int Repeats, int WarmupRounds, int Threads, int Seed);

internal sealed record SpeculativeRunLine(string Kind, int Schema, ModelSummary Model, MachineSummary Machine, SpeculativeSettings Settings, string? LlamaCpp);

internal sealed record SpeculativeMeasurementLine(
    string Kind, string Engine, string? Drafter, int Round, int Tokens, double Seconds, double Rate, long Steps, long Drafted, long Accepted, long Rounds,
    long Rejections, double DraftSeconds, double ForwardSeconds, bool MatchesPlain);

internal sealed record BaselineLine(string Kind, string Engine, double Median, double Min, double Max);

internal sealed record DrafterLine(
    string Kind, string Name, string DrafterKind, string? DraftModel, double? RequestedAcceptance, double DraftTokens, bool Adaptive, RateSummary Speculative,
    double Speedup, double Acceptance, double CostRatio, double VerifyCostRatio, double TokensPerRound, double PredictedSpeedup, double PredictedWithVerifyCost,
    double MeasuredOverPredicted, bool OutputsIdentical);

/// <summary>Compile-time serialization metadata for the lines of <see cref="SpeculativeJsonLines"/>: compact, camelCase.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SpeculativeRunLine))]
[JsonSerializable(typeof(SpeculativeMeasurementLine))]
[JsonSerializable(typeof(BaselineLine))]
[JsonSerializable(typeof(DrafterLine))]
internal sealed partial class SpeculativeJsonLinesContext : JsonSerializerContext;
