using System.Text.Json;

namespace Augur.Bench.Tests;

public class BenchmarkJsonTests
{
    private static BenchmarkReport Sample(double oursDecode = 3.5) => SampleReports.TwoEngines(oursDecode);

    [Fact]
    public void A_report_round_trips_through_the_generated_context()
    {
        BenchmarkReport report = Sample();

        string json = BenchmarkJson.Serialize(report);
        BenchmarkReport back = BenchmarkJson.Deserialize(json);

        Assert.Equal(report.Model, back.Model);
        Assert.Equal(report.Machine, back.Machine);
        Assert.Equal(report.Ratio, back.Ratio);
        Assert.Equal(report.Roofline, back.Roofline);
        Assert.Equal(report.Cost, back.Cost);
        Assert.Equal(report.Engines.Count, back.Engines.Count);
        for (int i = 0; i < report.Engines.Count; i++)
        {
            Assert.Equal(report.Engines[i].Name, back.Engines[i].Name);
            Assert.Equal(report.Engines[i].Prefill, back.Engines[i].Prefill);
            Assert.Equal(report.Engines[i].Decode, back.Engines[i].Decode);
            Assert.Equal(report.Engines[i].Batched, back.Engines[i].Batched);
            Assert.Equal(report.Engines[i].Shares, back.Engines[i].Shares);
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
        Assert.Equal("Q8_0", root.GetProperty("model").GetProperty("weightType").GetString());
        Assert.Equal(3.5, root.GetProperty("engines")[0].GetProperty("decode").GetProperty("median").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("engines")[0].GetProperty("batched").ValueKind);
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
