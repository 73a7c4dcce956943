using System.Globalization;
using System.Text;

namespace Augur.Bench.Batch;

/// <summary>One way of running the workload: how long it took and the output tokens it produced.</summary>
/// <param name="Mode">"async batch", "one at a time" or "all at once".</param>
/// <param name="Items">Requests run.</param>
/// <param name="Seconds">From the first submission to the last answer.</param>
/// <param name="OutputTokens">Completion tokens over all requests (from their usage).</param>
public sealed record BatchModeResult(string Mode, int Items, double Seconds, long OutputTokens)
{
    public double ItemsPerMinute => Items / Seconds * 60;

    public double TokensPerSecond => OutputTokens / Seconds;
}

/// <summary>Client-side time to first token of sequential streamed interactive requests.</summary>
/// <param name="Condition">"no batch" or "batch running".</param>
/// <param name="Requests">Requests timed.</param>
/// <param name="P50Seconds">Median.</param>
/// <param name="P99Seconds">99th percentile (nearest rank).</param>
public sealed record TtftSeries(string Condition, int Requests, double P50Seconds, double P99Seconds);

/// <summary>Everything <see cref="BatchBenchmark"/> measured.</summary>
/// <param name="Model">The model file's name.</param>
/// <param name="OutputTokensAsked">Tokens each workload request asked for.</param>
/// <param name="Modes">The workload as one batch, one at a time, all at once.</param>
/// <param name="Ttft">Interactive time to first token with no batch, then with a batch running.</param>
/// <param name="BatchStillRunning">Whether the background batch was still unfinished when the last interactive request of the second series ended.</param>
public sealed record BatchBenchmarkReport(string Model, int OutputTokensAsked, IReadOnlyList<BatchModeResult> Modes, IReadOnlyList<TtftSeries> Ttft, bool BatchStillRunning)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"model: {Model}");
        text.AppendLine(c, $"throughput ({OutputTokensAsked} output tokens asked per request): mode  items  seconds  items/min  output tok/s");
        foreach (BatchModeResult mode in Modes)
            text.AppendLine(c, $"  {mode.Mode,-14}  {mode.Items,5}  {mode.Seconds,7:F2}  {mode.ItemsPerMinute,9:F1}  {mode.TokensPerSecond,12:F1}");
        text.AppendLine("interactive TTFT: condition  requests  p50  p99");
        foreach (TtftSeries series in Ttft)
            text.AppendLine(c, $"  {series.Condition,-14}  {series.Requests,8}  {series.P50Seconds * 1000,7:F1} ms  {series.P99Seconds * 1000,7:F1} ms");
        text.AppendLine(c, $"background batch still running after the last interactive request: {(BatchStillRunning ? "yes" : "no (add --background-items)")}");
        return text.ToString();
    }
}
