using System.Text.Json;

namespace Augur.Bench.Tests;

public class BenchmarkJsonLinesTests
{
    private static List<JsonElement> Parse(BenchmarkReport report)
    {
        var lines = new List<JsonElement>();
        foreach (string line in BenchmarkJsonLines.Lines(report))
        {
            Assert.DoesNotContain('\n', line);
            using JsonDocument document = JsonDocument.Parse(line);
            lines.Add(document.RootElement.Clone());
        }
        return lines;
    }

    private static string Kind(JsonElement line) => line.GetProperty("kind").GetString()!;

    [Fact]
    public void The_first_line_describes_the_run_then_measurements_summaries_and_ratios_follow()
    {
        List<JsonElement> lines = Parse(SampleReports.TwoEngines());

        // 2 rounds: ours prefill+decode, theirs prefill+decode+batched; 3 summaries per engine; 3 ratios.
        string[] kinds = [.. lines.Select(Kind)];
        string[] expected = ["run", .. Enumerable.Repeat("measurement", 2 * (2 + 3)), .. Enumerable.Repeat("summary", 6), "ratio", "ratio", "ratio"];
        Assert.Equal(expected, kinds);

        JsonElement run = lines[0];
        Assert.Equal(BenchmarkJsonLines.Schema, run.GetProperty("schema").GetInt32());
        Assert.Equal("Q8_0", run.GetProperty("model").GetProperty("weightType").GetString());
        Assert.Equal("Some CPU", run.GetProperty("machine").GetProperty("cpu").GetString());
        Assert.Equal(8, run.GetProperty("settings").GetProperty("batchSequences").GetInt32());
        Assert.Equal(30e9, run.GetProperty("roofline").GetProperty("readBytesPerSecond").GetDouble());
        Assert.Equal("AVX-VNNI vpdpbusd ymm", run.GetProperty("roofline").GetProperty("int8Instructions").GetString());
        Assert.Equal(1_000_000_000, run.GetProperty("cost").GetProperty("matmulParameters").GetInt64());
        Assert.False(run.GetProperty("engines")[0].GetProperty("batchedSupported").GetBoolean());
        Assert.Equal(2, run.GetProperty("engines")[1].GetProperty("kvCacheElementBytes").GetInt32());
    }

    [Fact]
    public void Measurements_run_in_turn_order_with_tokens_seconds_and_rate()
    {
        List<JsonElement> measurements = [.. Parse(SampleReports.TwoEngines()).Where(l => Kind(l) == "measurement")];

        Assert.Equal(["augur", "augur", "llama.cpp", "llama.cpp", "llama.cpp", "augur", "augur", "llama.cpp", "llama.cpp", "llama.cpp"],
            measurements.Select(m => m.GetProperty("engine").GetString()));
        JsonElement batched = measurements[4];
        Assert.Equal("batched", batched.GetProperty("test").GetString());
        Assert.Equal(1, batched.GetProperty("round").GetInt32());
        Assert.Equal(1, batched.GetProperty("sequence").GetInt32());
        Assert.Equal(8 * 128, batched.GetProperty("tokens").GetInt32());
        Assert.Equal(12.8, batched.GetProperty("seconds").GetDouble());
        Assert.Equal(80, batched.GetProperty("rate").GetDouble());
        JsonElement prefill = measurements[5];
        Assert.Equal(("prefill", 2, 512), (prefill.GetProperty("test").GetString(), prefill.GetProperty("round").GetInt32(), prefill.GetProperty("tokens").GetInt32()));
    }

    [Fact]
    public void An_unsupported_test_is_a_summary_without_figures_never_a_made_up_number()
    {
        List<JsonElement> summaries = [.. Parse(SampleReports.TwoEngines()).Where(l => Kind(l) == "summary")];

        JsonElement ours = summaries.Single(s => s.GetProperty("engine").GetString() == "augur" && s.GetProperty("test").GetString() == "batched");
        Assert.False(ours.GetProperty("supported").GetBoolean());
        foreach (string name in new[] { "median", "min", "max", "percentOfLimit", "limit" })
            Assert.Equal(JsonValueKind.Null, ours.GetProperty(name).ValueKind);

        JsonElement theirs = summaries.Single(s => s.GetProperty("engine").GetString() == "llama.cpp" && s.GetProperty("test").GetString() == "batched");
        Assert.True(theirs.GetProperty("supported").GetBoolean());
        Assert.Equal(80, theirs.GetProperty("median").GetDouble());
        Assert.Equal(50.4, theirs.GetProperty("percentOfLimit").GetDouble());
        Assert.Equal("bandwidth", theirs.GetProperty("limit").GetString());

        JsonElement prefill = summaries.Single(s => s.GetProperty("engine").GetString() == "augur" && s.GetProperty("test").GetString() == "prefill");
        Assert.Equal("int8", prefill.GetProperty("limit").GetString());
    }

    [Fact]
    public void Ratios_divide_our_median_by_the_reference_and_are_null_where_one_is_missing()
    {
        List<JsonElement> ratios = [.. Parse(SampleReports.TwoEngines()).Where(l => Kind(l) == "ratio")];

        Assert.Equal(["prefill", "decode", "batched"], ratios.Select(r => r.GetProperty("test").GetString()));
        Assert.Equal(0.105, ratios[0].GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, ratios[2].GetProperty("value").ValueKind);
    }

    [Fact]
    public void With_the_batched_test_off_and_no_roofline_those_fields_are_absent_or_null()
    {
        List<JsonElement> lines = Parse(SampleReports.TwoEngines(batchSequences: 0, roofline: false));

        Assert.DoesNotContain(lines, l => l.TryGetProperty("test", out JsonElement t) && t.GetString() == "batched");
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("roofline").ValueKind);
        Assert.All(lines.Where(l => Kind(l) == "summary"), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("percentOfLimit").ValueKind));
    }

    [Fact]
    public void An_infinite_rate_is_written_as_a_named_literal()
    {
        string text = string.Join('\n', BenchmarkJsonLines.Lines(SampleReports.TwoEngines(oursDecode: double.PositiveInfinity)));

        Assert.Contains("\"median\":\"Infinity\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_puts_one_line_per_object()
    {
        BenchmarkReport report = SampleReports.TwoEngines();
        using var writer = new StringWriter();

        BenchmarkJsonLines.Write(report, writer);

        Assert.Equal(BenchmarkJsonLines.Lines(report), writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
