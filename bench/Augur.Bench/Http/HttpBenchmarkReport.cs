using System.Globalization;
using System.Text;

namespace Augur.Bench.Http;

/// <summary>The engine's decode rate alone and through HTTP + SSE, round by round.</summary>
public sealed record HttpOverhead(IReadOnlyList<double> EngineTokensPerSecond, IReadOnlyList<double> HttpTokensPerSecond)
{
    public double EngineMedian => RateSummary.MedianOf(EngineTokensPerSecond);

    public double HttpMedian => RateSummary.MedianOf(HttpTokensPerSecond);

    /// <summary>1 − HTTP / engine, of the medians: the share of speed the server costs.</summary>
    public double Overhead => 1 - HttpMedian / EngineMedian;
}

/// <summary>One load level: concurrent streaming clients, their time to first token and the total rate.</summary>
public sealed record HttpLoadLevel(int Clients, int Requests, double MedianTtftSeconds, double P99TtftSeconds, double TotalTokensPerSecond);

/// <summary>Everything <see cref="HttpBenchmark"/> measured.</summary>
public sealed record HttpBenchmarkReport(string Model, HttpOverhead Overhead, IReadOnlyList<HttpLoadLevel> Load)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"model: {Model}");
        text.AppendLine(c, $"overhead: engine alone {Overhead.EngineMedian:F1} tok/s, through HTTP+SSE {Overhead.HttpMedian:F1} tok/s (medians of {Overhead.EngineTokensPerSecond.Count}): {Overhead.Overhead * 100:F2} % overhead");
        text.AppendLine("load: clients  requests  TTFT median  TTFT p99  total tok/s");
        foreach (HttpLoadLevel level in Load)
            text.AppendLine(c, $"      {level.Clients,7}  {level.Requests,8}  {level.MedianTtftSeconds * 1000,9:F1} ms  {level.P99TtftSeconds * 1000,6:F1} ms  {level.TotalTokensPerSecond,10:F1}");
        return text.ToString();
    }
}
