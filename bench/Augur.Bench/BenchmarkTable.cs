using System.Globalization;

namespace Augur.Bench;

/// <summary>
/// The report as a plain-text table: the setting (model, machine, roofline), one row per engine (median [min–max]) for
/// prefill, decode and batched decode, the ratio, then each rate as a percentage of the machine's ceiling.
/// </summary>
public static class BenchmarkTable
{
    private const string NotSupported = "not supported yet";
    private const int Column = 34;

    /// <summary>Writes the table to <paramref name="output"/>.</summary>
    public static void Write(BenchmarkReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(report, output);
        bool batched = report.BatchSequences > 0;
        output.WriteLine();
        output.WriteLine(Row("engine", "prefill tok/s: median [min–max]", "decode tok/s: median [min–max]",
            batched ? Invariant($"batched ×{report.BatchSequences} total tok/s: median [min–max]") : null));
        foreach (EngineResult engine in report.Engines)
            output.WriteLine(Row(engine.Name, Cell(engine.Prefill), Cell(engine.Decode), batched ? BatchedCell(engine) : null));
        if (report.Ratio is { } ratio)
        {
            output.WriteLine(Row("ours/ref", Invariant($"{ratio.Prefill:F3}"), Invariant($"{ratio.Decode:F3}"),
                batched ? ratio.Batched is { } b ? Invariant($"{b:F3}") : "n/a" : null));
        }

        if (report.Engines.All(e => e.Shares is null))
            return;
        output.WriteLine();
        string ceiling = report.Engines.First(e => e.Shares is not null).Shares!.ComputeCeiling;
        output.WriteLine(Row("% of roof", $"prefill, of {ceiling} peak", "decode, of read bandwidth", batched ? "batched, of read bandwidth" : null));
        foreach (EngineResult engine in report.Engines)
        {
            if (engine.Shares is not { } s)
                continue;
            string batchedShare = s.BatchedPercentOfBandwidth is { } p ? Invariant($"{p:F1}%") : engine.BatchedSupported ? "n/a" : NotSupported;
            output.WriteLine(Row(engine.Name, Invariant($"{s.PrefillPercentOfCompute:F1}%"), Invariant($"{s.DecodePercentOfBandwidth:F1}%"),
                batched ? batchedShare : null));
        }
    }

    /// <summary>The table as a string.</summary>
    public static string Format(BenchmarkReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(report, writer);
        return writer.ToString();
    }

    private static void WriteHeader(BenchmarkReport report, TextWriter output)
    {
        ModelSummary m = report.Model;
        MachineSummary machine = report.Machine;
        output.WriteLine(Invariant($"model      {m.Path} ({m.Architecture} {m.WeightType}, {m.Shape}, {m.FileBytes / (double)(1L << 20):F1} MiB)"));
        output.WriteLine(Invariant($"machine    {machine.Cpu}, {machine.LogicalCores} logical cores, {machine.Os}, {machine.Runtime}"));
        output.WriteLine(Invariant($"started    {machine.Started:yyyy-MM-dd HH:mm:ss zzz}, load average before {machine.LoadBefore ?? "n/a"}, after {machine.LoadAfter ?? "n/a"}"));
        if (report.Roofline is { } r)
        {
            string int8 = r.Int8OpsPerSecond is { } ops ? Invariant($"int8 {ops / 1e9:F0} GOP/s ({r.Int8Instructions})") : "int8 n/a (no dot-product instruction)";
            output.WriteLine(Invariant(
                $"roofline   {r.Threads} threads: read {r.ReadBytesPerSecond / 1e9:F1} GB/s ({r.BandwidthBufferBytes / (double)(1L << 20):F0} MiB buffer), fp32 {r.Fp32FlopsPerSecond / 1e9:F0} GFLOP/s ({r.Fp32Instructions}), {int8}"));
        }
        if (report.Cost is { } c)
        {
            output.WriteLine(Invariant(
                $"cost       per token {2 * c.MatmulParameters / 1e9:F3} G matmul operations; decode reads {c.DecodeWeightBytes / (double)(1L << 20):F1} MiB of weights + {c.KvElementsPerPosition} KV elements per cached position"));
        }
        string batched = report.BatchSequences > 0
            ? Invariant($", batched {report.BatchSequences} sequences × ({report.BatchedPromptTokens}-token prompt + {report.DecodeTokens} steps)")
            : ", batched test off";
        output.WriteLine(Invariant(
            $"run        {report.Threads} threads, prompt {report.PromptTokens} tokens (batch {report.BatchTokens}), decode {report.DecodeTokens} tokens at batch 1{batched}, {report.Repeats} rounds after {report.WarmupRounds} warm-up, alternating engines"));
        foreach (EngineResult engine in report.Engines)
            output.WriteLine(Invariant($"{engine.Name,-10} {FirstLine(engine.Description)}"));
    }

    private static string Row(string name, string prefill, string decode, string? batched) =>
        batched is null
            ? Invariant($"{name,-10} {prefill,-Column} {decode}")
            : Invariant($"{name,-10} {prefill,-Column} {decode,-Column} {batched}");

    private static string Cell(RateSummary rate) => Invariant($"{rate.Median:F2} [{rate.Min:F2}–{rate.Max:F2}]");

    private static string BatchedCell(EngineResult engine) =>
        engine.Batched is { } rate ? Cell(rate) : engine.BatchedSupported ? "n/a" : NotSupported;

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
