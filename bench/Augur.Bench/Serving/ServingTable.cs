using System.Globalization;

namespace Augur.Bench.Serving;

/// <summary>A serving report as plain text, one block per report that ran; times in milliseconds, rates in tokens per second.</summary>
public static class ServingTable
{
    public static void Write(ServingReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        CultureInfo inv = CultureInfo.InvariantCulture;
        output.WriteLine($"model:   {report.Model.Path} ({report.Model.Architecture}, {report.Model.WeightType}, {report.Model.Shape})");
        output.WriteLine(string.Create(inv, $"machine: {report.Machine.Cpu}, {report.Machine.LogicalCores} logical cores, {report.Options.Threads} threads; load {report.Machine.LoadBefore ?? "?"} before, {report.Machine.LoadAfter ?? "?"} after"));
        if (report.PrefixCache is { } p)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv, $"prefix cache ({p.PrefixTokens}-token prefix + {p.SuffixTokens}-token suffix, median of {p.CachedSeconds.Count}):"));
            output.WriteLine(string.Create(inv, $"  TTFT uncached {p.UncachedMedian * 1000:F1} ms, cached {p.CachedMedian * 1000:F1} ms ({p.CachedPromptTokens} tokens from the cache): {p.Speedup:F1}x faster"));
        }
        if (report.Concurrency is { } c)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv, $"concurrency ({c.PromptTokens}-token prompts, {c.DecodeTokens} tokens each; aggregate decode tok/s, median of {c.Rounds}):"));
            string[] engines = [.. c.Points.Select(x => x.Engine).Distinct()];
            output.WriteLine("  sequences  " + string.Join("  ", engines.Select(e => e.PadLeft(10))) + (engines.Length == 2 ? "   ours/theirs" : "") + "   augur end-to-end");
            foreach (int n in c.Points.Select(x => x.Sequences).Distinct())
            {
                ConcurrencyPoint[] row = [.. engines.Select(e => c.Points.First(x => x.Engine == e && x.Sequences == n))];
                string line = string.Create(inv, $"  {n,9}  ") + string.Join("  ", row.Select(x => x.DecodeTokensPerSecond.ToString("F1", inv).PadLeft(10)));
                if (row.Length == 2)
                    line += string.Create(inv, $"   {row[0].DecodeTokensPerSecond / row[1].DecodeTokensPerSecond,12:F2}");
                output.WriteLine(line + string.Create(inv, $"   {row[0].EndToEndTokensPerSecond,16:F1}"));
            }
        }
        if (report.Interference is { } i)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv, $"interference ({i.Requests} interactive {i.PromptTokens}-token requests every {i.IntervalSeconds * 1000:F0} ms; load: {i.BatchClients} batch clients, {i.RunningAtStart} running):"));
            output.WriteLine(string.Create(inv, $"  TTFT alone      median {i.Alone.Median * 1000,8:F1} ms, p99 {i.Alone.P99 * 1000,8:F1} ms"));
            output.WriteLine(string.Create(inv, $"  TTFT with load  median {i.Loaded.Median * 1000,8:F1} ms, p99 {i.Loaded.P99 * 1000,8:F1} ms (load decoding {i.LoadDecodeTokensPerSecond:F1} tok/s, {i.LoadedPreemptions} preemptions)"));
        }
        if (report.Chat is { } h)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv, $"multi-turn chat ({h.Conversations} conversations x {h.Turns} turns, {h.UserTokens}-token messages, {h.AnswerTokens}-token answers):"));
            output.WriteLine(string.Create(inv, $"  prefix hit rate {h.HitRate:P1} ({h.HitTokens}/{h.PromptTokens} tokens), theoretical max {h.TheoreticalHitRate:P1} ({h.TheoreticalHitTokens}), {h.Evictions} evictions"));
            output.WriteLine(string.Create(inv, $"  median TTFT first turn {h.FirstTurnTimeToFirstToken * 1000:F1} ms, later turns {h.LaterTurnsTimeToFirstToken * 1000:F1} ms"));
        }
    }
}
