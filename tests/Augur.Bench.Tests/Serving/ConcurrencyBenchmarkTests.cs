namespace Augur.Bench.Serving.Tests;

public sealed class ConcurrencyBenchmarkTests(ServingModelsFixture models) : IClassFixture<ServingModelsFixture>
{
    [Fact]
    public void Both_engines_report_a_positive_rate_at_every_level()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options;
        var progress = new List<string>();

        ConcurrencyResult result = ConcurrencyBenchmark.Run(models.TinyGguf, options, models.TinyGguf.Path, progress.Add);

        Assert.Equal(["augur@1", "llama.cpp@1", "augur@3", "llama.cpp@3"], result.Points.Select(p => $"{p.Engine}@{p.Sequences}"));
        Assert.All(result.Points, p => Assert.True(double.IsFinite(p.DecodeTokensPerSecond) && p.DecodeTokensPerSecond > 0, $"{p}"));
        foreach (ConcurrencyPoint ours in result.Points.Where(p => p.Engine == "augur"))
        {
            // The first token comes from the prefill step; at most the other 5 are full decode steps.
            Assert.InRange(ours.DecodeSteps, 1, options.DecodeTokens - 1);
            Assert.True(ours.EndToEndTokensPerSecond > 0);
        }
        Assert.All(result.Points.Where(p => p.Engine == "llama.cpp"), p => Assert.Null(p.EndToEndTokensPerSecond));
        Assert.NotNull(result.LlamaCppDescription);
        Assert.Equal(2, progress.Count);
    }

    [Fact]
    public void At_one_sequence_every_step_after_the_prompt_is_a_full_decode_step()
    {
        using var engine = models.Stories260K.CreateEngine(ServingModelsFixture.Options.Engine());
        var prompts = BenchmarkPrompt.CreateBatch(engine.Tokenizer.Vocabulary, 1, 10, seed: 3);

        var (decode, endToEnd, steps) = ConcurrencyBenchmark.MeasureOurs(engine, prompts, decodeTokens: 9);

        Assert.Equal(8, steps);
        Assert.True(decode > 0 && endToEnd > 0);
        Assert.True(decode > endToEnd, "the end-to-end rate includes the prefill step, the decode rate does not");
        Assert.Equal(0, engine.Statistics.KvBlocksUsed);
    }

    [Fact]
    public void Without_a_llamacpp_model_only_ours_runs()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options with { ConcurrencyLevels = [2], WarmupRounds = 0 };

        ConcurrencyResult result = ConcurrencyBenchmark.Run(models.Stories260K, options, llamaCppModel: null);

        ConcurrencyPoint point = Assert.Single(result.Points);
        Assert.Equal(("augur", 2), (point.Engine, point.Sequences));
        Assert.Null(result.LlamaCppDescription);
    }
}
