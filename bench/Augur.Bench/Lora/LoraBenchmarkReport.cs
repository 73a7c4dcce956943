using System.Globalization;
using System.Text.Json;

namespace Augur.Bench.Lora;

/// <summary>One timed run of the batch: prefill and decode rates, wall and process CPU time.</summary>
/// <param name="WithAdapters">Whether the sequences used their adapters.</param>
/// <param name="PrefillTokensPerSecond">Prompt tokens of all sequences over the prefill's wall time.</param>
/// <param name="DecodeTokensPerSecond">Generated tokens of all sequences over the decode's wall time.</param>
/// <param name="DecodeCpuSeconds">Process CPU time (all threads) the decode took, seconds.</param>
public sealed record LoraRun(bool WithAdapters, double PrefillTokensPerSecond, double DecodeTokensPerSecond, double DecodeCpuSeconds);

/// <summary>The result of <see cref="LoraBenchmark"/>: the measured runs and their medians.</summary>
public sealed record LoraBenchmarkReport(ModelSummary Model, LoraBenchmarkOptions Options, int Threads, IReadOnlyList<string> Adapters, IReadOnlyList<LoraRun> Runs)
{
    public RateSummary Prefill(bool withAdapters) => RateSummary.Of([.. Runs.Where(r => r.WithAdapters == withAdapters).Select(r => r.PrefillTokensPerSecond)]);

    public RateSummary Decode(bool withAdapters) => RateSummary.Of([.. Runs.Where(r => r.WithAdapters == withAdapters).Select(r => r.DecodeTokensPerSecond)]);

    /// <summary>Median decode CPU seconds per generated token.</summary>
    public double DecodeCpuPerToken(bool withAdapters) => RateSummary.MedianOf([.. Runs.Where(r => r.WithAdapters == withAdapters)
        .Select(r => r.DecodeCpuSeconds / ((double)Options.Sequences * Options.DecodeTokens))]);

    /// <summary>Median decode rate with adapters over median without (the issue's target: ≥ 0.8).</summary>
    public double DecodeRatio => Decode(true).Median / Decode(false).Median;

    public double PrefillRatio => Prefill(true).Median / Prefill(false).Median;

    /// <summary>Base CPU time per token over adapted CPU time per token (less sensitive to a busy machine).</summary>
    public double DecodeCpuRatio => DecodeCpuPerToken(false) / DecodeCpuPerToken(true);

    /// <summary>A table for people.</summary>
    public void WriteTable(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"model     {Model.Path} ({Model.WeightType}; {Model.Shape})"));
        writer.WriteLine(string.Create(c, $"batch     {Options.Sequences} sequences, {Options.PromptTokens}-token prompts, {Options.DecodeTokens} decode steps, {Threads} threads, {Options.Rounds} rounds"));
        writer.WriteLine($"adapters  {string.Join(", ", Adapters)}");
        writer.WriteLine();
        writer.WriteLine("                    no adapters     adapters    ratio");
        (RateSummary p0, RateSummary p1, RateSummary d0, RateSummary d1) = (Prefill(false), Prefill(true), Decode(false), Decode(true));
        writer.WriteLine(string.Create(c, $"prefill tok/s      {p0.Median,12:F1} {p1.Median,12:F1} {PrefillRatio,8:P1}"));
        writer.WriteLine(string.Create(c, $"decode tok/s       {d0.Median,12:F1} {d1.Median,12:F1} {DecodeRatio,8:P1}"));
        writer.WriteLine(string.Create(c, $"decode CPU ms/tok  {1000 * DecodeCpuPerToken(false),12:F3} {1000 * DecodeCpuPerToken(true),12:F3} {DecodeCpuRatio,8:P1}"));
        writer.WriteLine(string.Create(c, $"(decode tok/s range: {d0.Min:F1}–{d0.Max:F1} without, {d1.Min:F1}–{d1.Max:F1} with)"));
    }

    /// <summary>JSON lines: one <c>run</c> line per measured run, then a <c>summary</c> line.</summary>
    public void WriteJsonLines(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (LoraRun run in Runs)
            writer.WriteLine(JsonSerializer.Serialize(new { kind = "run", withAdapters = run.WithAdapters, prefillTokensPerSecond = run.PrefillTokensPerSecond, decodeTokensPerSecond = run.DecodeTokensPerSecond, decodeCpuSeconds = run.DecodeCpuSeconds }));
        writer.WriteLine(JsonSerializer.Serialize(new
        {
            kind = "summary",
            model = Model.Path,
            weightType = Model.WeightType,
            sequences = Options.Sequences,
            adapters = Adapters,
            promptTokens = Options.PromptTokens,
            decodeTokens = Options.DecodeTokens,
            threads = Threads,
            rounds = Options.Rounds,
            prefillTokensPerSecond = Prefill(false).Median,
            prefillTokensPerSecondWithAdapters = Prefill(true).Median,
            decodeTokensPerSecond = Decode(false).Median,
            decodeTokensPerSecondWithAdapters = Decode(true).Median,
            prefillRatio = PrefillRatio,
            decodeRatio = DecodeRatio,
            decodeCpuRatio = DecodeCpuRatio,
        }));
    }
}
