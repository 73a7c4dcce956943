using Augur.Tests.Common;

namespace Augur.Bench.Http.Tests;

public sealed class HttpBenchmarkTests
{
    [Fact]
    public async Task TheBenchmark_ServesOverRealHttp_AndReportsSaneFigures()
    {
        var options = new HttpBenchmarkOptions { Threads = 1, DecodeTokens = 24, Rounds = 2, Clients = [1, 3], RequestsPerClient = 2, LoadTokens = 8, KvCacheBytes = 8L << 20 };

        HttpBenchmarkReport report = await HttpBenchmark.RunAsync(TestModels.Stories260KBin, TestModels.Tok512Bin, options);

        Assert.Equal(2, report.Overhead.EngineTokensPerSecond.Count);
        Assert.All(report.Overhead.EngineTokensPerSecond.Concat(report.Overhead.HttpTokensPerSecond), rate => Assert.True(rate > 0));
        Assert.Equal([1, 3], report.Load.Select(l => l.Clients));
        Assert.Equal([2, 6], report.Load.Select(l => l.Requests));
        Assert.All(report.Load, l => Assert.True(l.MedianTtftSeconds > 0 && l.P99TtftSeconds >= l.MedianTtftSeconds && l.TotalTokensPerSecond > 0));
        Assert.Contains("% overhead", report.ToTable(), StringComparison.Ordinal);
    }
}
