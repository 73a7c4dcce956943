using System.Globalization;

namespace Augur.Bench.Speculative;

/// <summary>The report as a plain-text table: the baselines, then one row per drafter with the formula beside the measurement.</summary>
public static class SpeculativeTable
{
    /// <summary>Writes the table to <paramref name="output"/>.</summary>
    public static void Write(SpeculativeReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        CultureInfo c = CultureInfo.InvariantCulture;
        SpeculativeBenchmarkOptions o = report.Options;
        output.WriteLine(string.Create(c, $"target: {report.Model.Path} ({report.Model.WeightType}, {report.Model.Shape})"));
        output.WriteLine(string.Create(c,
            $"greedy, batch 1, {report.PromptTokens}-token prompt, {o.DecodeTokens} tokens, {o.Threads} threads, median of {o.Repeats} rounds after {o.WarmupRounds} warm-up; load {report.Machine.LoadBefore} -> {report.Machine.LoadAfter}"));
        output.WriteLine(string.Create(c, $"augur plain decode:     {Rate(report.Plain)}"));
        if (report.LlamaCpp is { } llamaCpp)
            output.WriteLine(string.Create(c, $"llama.cpp plain decode: {Rate(llamaCpp)}  (augur/llama.cpp {report.Plain.Median / llamaCpp.Median:F2})"));
        output.WriteLine();
        output.WriteLine($"{"drafter",-22} {"γ",5} {"α",6} {"c",7} {"v",6} {"tok/round",9} {"spec tok/s",11} {"speedup",8} {"predicted",9} {"meas/pred",9} {"pred(v)",8} {"lossless",8}");
        foreach (DrafterResult d in report.Drafters)
        {
            output.WriteLine(string.Create(c,
                $"{d.Name,-22} {d.DraftTokens,5:F2} {d.Acceptance,6:F3} {d.CostRatio,7:F4} {d.VerifyCostRatio,6:F2} {d.TokensPerRound,9:F2} {d.Speculative.Median,11:F2} {d.Speedup,7:F2}x {d.PredictedSpeedup,8:F2}x {d.MeasuredOverPredicted,8:P0} {d.PredictedWithVerifyCost,7:F2}x {(d.OutputsIdentical ? "yes" : "NO"),8}"));
        }
        output.WriteLine();
        output.WriteLine("α: accepted over judged draft tokens; c: drafting seconds per draft token over a plain step's seconds; v: a speculative step's");
        output.WriteLine("seconds besides drafting over a plain step's; predicted: (1-α^(γ+1))/((1-α)(γc+1)) (Leviathan et al.); pred(v): the same over (γc+v).");
    }

    private static string Rate(RateSummary r) => string.Create(CultureInfo.InvariantCulture, $"{r.Median:F2} tok/s [{r.Min:F2}–{r.Max:F2}]");
}
