using System.Text.Json;

namespace Augur.Bench.Tests;

public class BenchmarkJsonTests
{
    private static BenchmarkReport Sample(double oursDecode = 3.5) => new(
        new ModelSummary("/tmp/m.gguf", 123_456_789, "llama", "Q4_K", "dim 2048, 16 layers"),
        new MachineSummary("Some CPU", 2, "Linux", ".NET 10", new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero), "1.00 2.00 3.00", null),
        512, 128, 2, 512, 2, 1, 1234,
        [
            new EngineResult("augur", "ours", new RateSummary(10, 9, 11), new RateSummary(oursDecode, 3, 4),
                [new RoundSample(1, 0, 51.2, 36.5, 10, 3.5), new RoundSample(2, 2, 50, 40, 10.24, 3.2)]),
            new EngineResult("llama.cpp", "theirs", new RateSummary(100, 90, 110), new RateSummary(20, 19, 21),
                [new RoundSample(1, 1, 5.12, 6.4, 100, 20), new RoundSample(2, 3, 5, 6, 102.4, 21.3)]),
        ],
        new SpeedRatio(0.1, 0.175));

    [Fact]
    public void A_report_round_trips_through_the_generated_context()
    {
        BenchmarkReport report = Sample();

        string json = BenchmarkJson.Serialize(report);
        BenchmarkReport back = BenchmarkJson.Deserialize(json);

        Assert.Equal(report.Model, back.Model);
        Assert.Equal(report.Machine, back.Machine);
        Assert.Equal(report.Ratio, back.Ratio);
        Assert.Equal(report.Engines.Count, back.Engines.Count);
        for (int i = 0; i < report.Engines.Count; i++)
        {
            Assert.Equal(report.Engines[i].Name, back.Engines[i].Name);
            Assert.Equal(report.Engines[i].Prefill, back.Engines[i].Prefill);
            Assert.Equal(report.Engines[i].Decode, back.Engines[i].Decode);
            Assert.Equal(report.Engines[i].Samples, back.Engines[i].Samples);
        }
        Assert.Equal(json, BenchmarkJson.Serialize(back));
    }

    [Fact]
    public void Names_are_camel_case_and_the_document_is_indented()
    {
        string json = BenchmarkJson.Serialize(Sample());

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal(512, root.GetProperty("promptTokens").GetInt32());
        Assert.Equal("Q4_K", root.GetProperty("model").GetProperty("weightType").GetString());
        Assert.Equal(3.5, root.GetProperty("engines")[0].GetProperty("decode").GetProperty("median").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("machine").GetProperty("loadAfter").ValueKind);
        Assert.Contains("\n  \"model\": {", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_engine_report_has_a_null_ratio()
    {
        BenchmarkReport report = Sample() with { Ratio = null };

        Assert.Null(BenchmarkJson.Deserialize(BenchmarkJson.Serialize(report)).Ratio);
    }

    [Fact]
    public void An_infinite_rate_survives_as_a_named_literal()
    {
        BenchmarkReport report = Sample(oursDecode: double.PositiveInfinity);

        BenchmarkReport back = BenchmarkJson.Deserialize(BenchmarkJson.Serialize(report));

        Assert.Equal(double.PositiveInfinity, back.Engines[0].Decode.Median);
    }

    [Fact]
    public void Text_that_is_not_a_report_is_refused()
    {
        Assert.Throws<JsonException>(() => BenchmarkJson.Deserialize("null"));
        Assert.Throws<JsonException>(() => BenchmarkJson.Deserialize("{\"promptTokens\": \"many\"}"));
    }
}
