namespace Augur.Bench.Tests;

public class BenchmarkTableTests
{
    private static BenchmarkReport Report(SpeedRatio? ratio) => new(
        new ModelSummary("/tmp/m.gguf", 3L << 20, "llama", "Q8_0", "dim 2048, 16 layers"),
        new MachineSummary("Some CPU", 2, "Linux", ".NET 10", DateTimeOffset.UnixEpoch, "1.00 2.00 3.00", "4.00 5.00 6.00"),
        512, 128, 2, 512, 3, 1, 1234,
        [
            new EngineResult("augur", "ours, first line\nsecond line", new RateSummary(10.5, 9.25, 11), new RateSummary(3.5, 3, 4), []),
            new EngineResult("llama.cpp", "theirs", new RateSummary(100, 90, 110), new RateSummary(20, 19, 21), []),
        ],
        ratio);

    [Fact]
    public void Rows_show_median_min_and_max_per_engine_then_the_ratio()
    {
        string[] lines = BenchmarkTable.Format(Report(new SpeedRatio(0.105, 0.175))).Split('\n');

        Assert.Contains(lines, l => l.StartsWith("augur ", StringComparison.Ordinal) && l.Contains("10.50 [9.25–11.00]", StringComparison.Ordinal)
            && l.Contains("3.50 [3.00–4.00]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("llama.cpp ", StringComparison.Ordinal) && l.Contains("100.00 [90.00–110.00]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ours/ref", StringComparison.Ordinal) && l.Contains("0.105", StringComparison.Ordinal)
            && l.Contains("0.175", StringComparison.Ordinal));
    }

    [Fact]
    public void The_header_gives_model_machine_load_and_settings()
    {
        string table = BenchmarkTable.Format(Report(null));

        Assert.Contains("/tmp/m.gguf (llama Q8_0, dim 2048, 16 layers, 3.0 MiB)", table, StringComparison.Ordinal);
        Assert.Contains("before 1.00 2.00 3.00, after 4.00 5.00 6.00", table, StringComparison.Ordinal);
        Assert.Contains("2 threads, prompt 512 tokens (batch 512), decode 128 tokens at batch 1, 3 rounds after 1 warm-up", table, StringComparison.Ordinal);
        Assert.Contains("ours, first line", table, StringComparison.Ordinal);
        Assert.DoesNotContain("second line", table, StringComparison.Ordinal);
        Assert.DoesNotContain("ours/ref", table, StringComparison.Ordinal);
    }
}
