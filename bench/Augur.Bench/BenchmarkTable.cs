using System.Globalization;

namespace Augur.Bench;

/// <summary>The report as a plain-text table: one row per engine (median [min–max]), then the ratio.</summary>
public static class BenchmarkTable
{
    /// <summary>Writes the table to <paramref name="output"/>.</summary>
    public static void Write(BenchmarkReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        ModelSummary m = report.Model;
        MachineSummary machine = report.Machine;
        output.WriteLine(Invariant($"model      {m.Path} ({m.Architecture} {m.WeightType}, {m.Shape}, {m.FileBytes / (double)(1L << 20):F1} MiB)"));
        output.WriteLine(Invariant($"machine    {machine.Cpu}, {machine.LogicalCores} logical cores, {machine.Os}, {machine.Runtime}"));
        output.WriteLine(Invariant($"started    {machine.Started:yyyy-MM-dd HH:mm:ss zzz}, load average before {machine.LoadBefore ?? "n/a"}, after {machine.LoadAfter ?? "n/a"}"));
        output.WriteLine(Invariant(
            $"run        {report.Threads} threads, prompt {report.PromptTokens} tokens (batch {report.BatchTokens}), decode {report.DecodeTokens} tokens at batch 1, {report.Repeats} rounds after {report.WarmupRounds} warm-up, alternating engines"));
        foreach (EngineResult engine in report.Engines)
            output.WriteLine(Invariant($"{engine.Name,-10} {FirstLine(engine.Description)}"));
        output.WriteLine();
        output.WriteLine(Invariant($"{"engine",-10} {"prefill tok/s: median [min–max]",-34} {"decode tok/s: median [min–max]"}"));
        foreach (EngineResult engine in report.Engines)
            output.WriteLine(Invariant($"{engine.Name,-10} {Cell(engine.Prefill),-34} {Cell(engine.Decode)}"));
        if (report.Ratio is { } ratio)
            output.WriteLine(Invariant($"{"ours/ref",-10} {ratio.Prefill,-34:F3} {ratio.Decode:F3}"));
    }

    /// <summary>The table as a string.</summary>
    public static string Format(BenchmarkReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(report, writer);
        return writer.ToString();
    }

    private static string Cell(RateSummary rate) => Invariant($"{rate.Median:F2} [{rate.Min:F2}–{rate.Max:F2}]");

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
