using System.Text.Json;
using Augur.Bench.Speculative;
using Augur.Tests.Common;
using SkiaSharp;

namespace Augur.Bench.Speculative.Tests;

public sealed class SpeculativeBenchmarkTests(StoriesSpeculationFixture fixture) : IClassFixture<StoriesSpeculationFixture>
{
    private SpeculativeReport Report => fixture.Report;

    [Fact]
    public void EveryDrafter_HasOneResult_AndOneSamplePerMeasuredRound_BesideThePlainOnes()
    {
        SpeculativeBenchmarkOptions o = StoriesSpeculationFixture.Options;
        Assert.Equal(["llama2xs", "n-gram", "replay high", "replay low"], Report.Drafters.Select(d => d.Name));
        Assert.Equal(o.Repeats * (1 + Report.Drafters.Count), Report.Samples.Count);
        Assert.Equal(o.Repeats, Report.Samples.Count(s => s.Drafter is null));
        Assert.All(Report.Samples, s => Assert.Equal(o.DecodeTokens - 1, s.Tokens));
        Assert.All(Report.Samples.Where(s => s.Drafter is null), s => Assert.Equal(o.DecodeTokens - 1, s.Steps));
        Assert.Null(Report.LlamaCpp);
        Assert.True(Report.Plain.Median > 0);
    }

    [Fact]
    public void GreedySpeculation_IsLossless_AndTakesFewerSteps_ForEveryDrafterThatGetsDraftsAccepted()
    {
        foreach (DrafterResult d in Report.Drafters)
        {
            Assert.True(d.OutputsIdentical, d.Name);
            List<DecodeSample> samples = Report.Samples.Where(s => s.Drafter == d.Name).ToList();
            if (samples.Sum(s => s.Accepted) > 0)
                Assert.All(samples, s => Assert.True(s.Steps < s.Tokens, $"{d.Name}: {s.Steps} steps for {s.Tokens} tokens"));
        }
    }

    [Fact]
    public void TheFiguresAreSane()
    {
        foreach (DrafterResult d in Report.Drafters)
        {
            Assert.InRange(d.Acceptance, 0, 1);
            Assert.True(d.Speedup > 0 && double.IsFinite(d.Speedup), $"{d.Name}: speedup {d.Speedup}");
            Assert.True(d.PredictedSpeedup > 0 && d.PredictedWithVerifyCost > 0, d.Name);
            Assert.True(d.CostRatio >= 0 && d.VerifyCostRatio > 0, d.Name);
            Assert.InRange(d.TokensPerRound, 1, d.DraftTokens + 1);
            // The speedup pairs each round's speculative decode with the same round's plain one.
            double[] ratios = [.. Report.Samples.Where(s => s.Drafter == d.Name)
                .Select(s => s.Rate / Report.Samples.Single(p => p.Drafter is null && p.Round == s.Round).Rate)
                .Order()];
            Assert.Equal(StoriesSpeculationFixture.Options.Repeats, ratios.Length);
            Assert.Equal((ratios[0] + ratios[^1]) / 2, d.Speedup, 12); // two rounds: the median is the mean
        }
        // The draft model costs something per draft token; the replay drafter next to nothing.
        Assert.True(Report.Drafters[0].CostRatio > 10 * Report.Drafters[2].CostRatio);
    }

    [Theory]
    [InlineData("replay high", StoriesSpeculationFixture.ReplayHigh)]
    [InlineData("replay low", StoriesSpeculationFixture.ReplayLow)]
    public void TheReplayDrafters_MeasuredAcceptance_IsTheChosenOne(string name, double alpha)
    {
        DrafterResult d = Report.Drafters.Single(r => r.Name == name);
        Assert.Equal(alpha, d.RequestedAcceptance);
        Assert.InRange(d.Acceptance, alpha - 0.1, alpha + 0.1); // a few hundred judged tokens: ±0.1 is four standard deviations
        // And the mean emitted tokens per verification is what independent acceptance at that rate gives.
        Assert.InRange(d.TokensPerRound / LeviathanFormula.TokensPerRound(alpha, d.DraftTokens), 0.8, 1.2);
    }

    [Fact]
    public void JsonLines_AreOneObjectPerLine_RunFirst_ThenMeasurements_Baseline_AndOneDrafterLineEach()
    {
        List<JsonElement> lines = SpeculativeJsonLines.Lines(Report).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        string[] kinds = [.. lines.Select(l => l.GetProperty("kind").GetString()!)];
        Assert.Equal("run", kinds[0]);
        Assert.Equal(Report.Samples.Count, kinds.Count(k => k == "measurement"));
        Assert.Equal(1, kinds.Count(k => k == "baseline"));
        Assert.Equal(Report.Drafters.Count, kinds.Count(k => k == "drafter"));
        Assert.Equal(StoriesSpeculationFixture.Options.DecodeTokens, lines[0].GetProperty("settings").GetProperty("decodeTokens").GetInt32());
        JsonElement high = lines.Single(l => l.GetProperty("kind").GetString() == "drafter" && l.GetProperty("name").GetString() == "replay high");
        Assert.Equal("Replay", high.GetProperty("drafterKind").GetString());
        Assert.Equal(Report.Drafters[2].PredictedSpeedup, high.GetProperty("predictedSpeedup").GetDouble());
        Assert.True(high.GetProperty("outputsIdentical").GetBoolean());
    }

    [Fact]
    public void TheTable_NamesEveryDrafter()
    {
        using var text = new StringWriter();
        SpeculativeTable.Write(Report, text);
        foreach (DrafterResult d in Report.Drafters)
            Assert.Contains(d.Name, text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ThePngChart_HasABarPanel_AndTwoReplayPanels()
    {
        using var directory = new TempDirectory();
        string path = directory.File("spec.png");
        SpeculativeChart.Write(Report, path);
        using SKBitmap? bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(3 * SpeculativeChart.PanelWidth, bitmap.Width);
        Assert.Equal(SpeculativeChart.Height, bitmap.Height);
    }
}
