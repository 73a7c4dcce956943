namespace Augur.Bench.Tests;

public class BenchmarkTableTests
{
    private static BenchmarkReport Report(SpeedRatio? ratio, int batchSequences = 8, bool roofline = true) =>
        SampleReports.TwoEngines(batchSequences: batchSequences, roofline: roofline) with { Ratio = ratio };

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
        Assert.Contains("2 threads, prompt 512 tokens (batch 512), decode 128 tokens at batch 1, batched 8 sequences × (32-token prompt + 128 steps), 2 rounds after 1 warm-up", table, StringComparison.Ordinal);
        Assert.Contains("read 30.0 GB/s (1024 MiB buffer), fp32 200 GFLOP/s (vfmadd zmm), int8 800 GOP/s (AVX-VNNI vpdpbusd ymm)", table, StringComparison.Ordinal);
        Assert.Contains("ours, first line", table, StringComparison.Ordinal);
        Assert.DoesNotContain("second line", table, StringComparison.Ordinal);
        Assert.DoesNotContain("ours/ref", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Batched_shows_the_reference_rate_and_not_supported_for_ours()
    {
        string[] lines = BenchmarkTable.Format(Report(new SpeedRatio(0.105, 0.175, null))).Split('\n');

        Assert.Contains(lines, l => l.StartsWith("engine ", StringComparison.Ordinal) && l.Contains("batched ×8 total tok/s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("augur ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("not supported yet", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("llama.cpp ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("80.00 [70.00–90.00]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ours/ref", StringComparison.Ordinal) && l.TrimEnd().EndsWith("n/a", StringComparison.Ordinal));
    }

    [Fact]
    public void Shares_of_the_roofline_follow_the_rates()
    {
        string[] lines = BenchmarkTable.Format(Report(null)).Split('\n');

        int header = Array.FindIndex(lines, l => l.StartsWith("% of roof", StringComparison.Ordinal));
        Assert.True(header > 0);
        Assert.Contains("prefill, of int8 peak", lines[header], StringComparison.Ordinal);
        Assert.Matches(@"^augur\s+2\.6%\s+19\.5%\s+not supported yet", lines[header + 1]);
        Assert.Matches(@"^llama\.cpp\s+25\.0%\s+100\.5%\s+50\.4%", lines[header + 2]);
    }

    [Fact]
    public void Without_a_roofline_or_the_batched_test_those_parts_are_left_out()
    {
        string table = BenchmarkTable.Format(Report(null, batchSequences: 0, roofline: false));

        Assert.DoesNotContain("% of roof", table, StringComparison.Ordinal);
        Assert.DoesNotContain("roofline", table, StringComparison.Ordinal);
        Assert.DoesNotContain("not supported", table, StringComparison.Ordinal);
        Assert.Contains("batched test off", table, StringComparison.Ordinal);
    }
}
