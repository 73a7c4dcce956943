namespace Augur.Bench.Tests;

public class EndToEndBenchmarkTests(TinyEnginesFixture fixture) : IClassFixture<TinyEnginesFixture>
{
    private static readonly EndToEndBenchmarkOptions Options = TinyEnginesFixture.Options;

    private BenchmarkReport Run(List<string>? log = null, bool withReference = true, RooflineLimits? roofline = null)
    {
        log ??= [];
        IEngineUnderTest[] engines = withReference
            ? [new RecordingEngine(fixture.Ours, log), new RecordingEngine(fixture.Theirs, log)]
            : [new RecordingEngine(fixture.Ours, log)];
        return EndToEndBenchmark.Run(fixture.Inputs(roofline), engines, Options);
    }

    [Fact]
    public void Both_engines_get_positive_finite_rates_for_every_round()
    {
        BenchmarkReport report = Run();

        Assert.Equal(["augur", "llama.cpp"], report.Engines.Select(e => e.Name));
        foreach (EngineResult engine in report.Engines)
        {
            Assert.Equal(Options.Repeats, engine.Samples.Count);
            foreach (RoundSample s in engine.Samples)
            {
                Assert.True(s.PrefillSeconds > 0 && s.DecodeSeconds > 0, $"{engine.Name} round {s.Round}: zero time");
                Assert.True(double.IsFinite(s.PrefillTokensPerSecond) && s.PrefillTokensPerSecond > 0);
                Assert.True(double.IsFinite(s.DecodeTokensPerSecond) && s.DecodeTokensPerSecond > 0);
                Assert.Equal(Options.PromptTokens / s.PrefillSeconds, s.PrefillTokensPerSecond, 9);
                Assert.Equal(Options.DecodeTokens / s.DecodeSeconds, s.DecodeTokensPerSecond, 9);
            }
        }
    }

    [Fact]
    public void Engines_alternate_ours_then_theirs_in_every_round_warm_up_included()
    {
        var log = new List<string>();

        BenchmarkReport report = Run(log);

        string[] round = ["augur:prefill", "augur:decode", "augur:batched", "llama.cpp:prefill", "llama.cpp:decode", "llama.cpp:batched"];
        string[] expected = [.. Enumerable.Repeat(round, Options.WarmupRounds + Options.Repeats).SelectMany(r => r)];
        Assert.Equal(expected, log);

        // The report keeps the measured order: ours at even turns, theirs at odd, one of each per round.
        Assert.Equal([0, 2, 4], report.Engines[0].Samples.Select(s => s.Sequence));
        Assert.Equal([1, 3, 5], report.Engines[1].Samples.Select(s => s.Sequence));
        Assert.All(report.Engines, e => Assert.Equal([1, 2, 3], e.Samples.Select(s => s.Round)));
    }

    [Fact]
    public void Medians_min_and_max_are_those_of_the_samples_and_the_ratio_divides_medians()
    {
        BenchmarkReport report = Run();

        foreach (EngineResult engine in report.Engines)
        {
            double[] prefill = [.. engine.Samples.Select(s => s.PrefillTokensPerSecond).Order()];
            double[] decode = [.. engine.Samples.Select(s => s.DecodeTokensPerSecond).Order()];
            Assert.Equal(new RateSummary(prefill[1], prefill[0], prefill[2]), engine.Prefill);
            Assert.Equal(new RateSummary(decode[1], decode[0], decode[2]), engine.Decode);
        }

        SpeedRatio ratio = Assert.IsType<SpeedRatio>(report.Ratio);
        Assert.Equal(report.Engines[0].Prefill.Median / report.Engines[1].Prefill.Median, ratio.Prefill);
        Assert.Equal(report.Engines[0].Decode.Median / report.Engines[1].Decode.Median, ratio.Decode);
    }

    [Fact]
    public void The_report_records_the_settings_and_the_machine()
    {
        BenchmarkReport report = Run();

        Assert.Equal(Options.PromptTokens, report.PromptTokens);
        Assert.Equal(Options.DecodeTokens, report.DecodeTokens);
        Assert.Equal(Options.Threads, report.Threads);
        Assert.Equal(Options.BatchTokens, report.BatchTokens);
        Assert.Equal(Options.Repeats, report.Repeats);
        Assert.Equal(Options.WarmupRounds, report.WarmupRounds);
        Assert.Equal(Environment.ProcessorCount, report.Machine.LogicalCores);
        Assert.False(string.IsNullOrWhiteSpace(report.Machine.Cpu));
        if (OperatingSystem.IsLinux())
        {
            Assert.Matches(@"^\d+\.\d+ \d+\.\d+ \d+\.\d+$", report.Machine.LoadBefore);
            Assert.Matches(@"^\d+\.\d+ \d+\.\d+ \d+\.\d+$", report.Machine.LoadAfter);
        }
    }

    [Fact]
    public void Our_engine_alone_gives_one_result_and_no_ratio()
    {
        var log = new List<string>();

        BenchmarkReport report = Run(log, withReference: false);

        Assert.Equal("augur", Assert.Single(report.Engines).Name);
        Assert.Null(report.Ratio);
        Assert.Equal(3 * (Options.WarmupRounds + Options.Repeats), log.Count); // prefill, decode, batched
    }

    [Fact]
    public void More_than_two_engines_or_none_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EndToEndBenchmark.Run(fixture.Inputs(), [], Options));
        Assert.Throws<ArgumentException>(() =>
            EndToEndBenchmark.Run(fixture.Inputs(), [fixture.Ours, fixture.Theirs, fixture.Ours], Options));
    }

    [Fact]
    public void Batched_prompts_must_match_the_sequence_count()
    {
        BenchmarkInputs inputs = fixture.Inputs() with { BatchedPrompts = fixture.BatchedPrompts.Take(2).ToList() };

        Assert.Throws<ArgumentException>(() => EndToEndBenchmark.Run(inputs, [fixture.Ours], Options));
    }

    [Fact]
    public void The_batched_test_measures_both_engines_and_their_ratio()
    {
        BenchmarkReport report = Run();

        int tokens = Options.BatchSequences * Options.DecodeTokens;
        foreach (EngineResult engine in report.Engines)
        {
            Assert.True(engine.BatchedSupported);
            foreach (RoundSample s in engine.Samples)
            {
                Assert.True(s.BatchedSeconds > 0);
                Assert.Equal(tokens / s.BatchedSeconds!.Value, s.BatchedTokensPerSecond!.Value, 9);
            }
            Assert.Equal(RateSummary.Of([.. engine.Samples.Select(s => s.BatchedTokensPerSecond!.Value)]), engine.Batched);
        }
        EngineResult ours = report.Engines[0], theirs = report.Engines[1];
        Assert.Equal(ours.Batched!.Median / theirs.Batched!.Median, Assert.IsType<SpeedRatio>(report.Ratio).Batched);
        Assert.DoesNotContain("not supported", BenchmarkTable.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_batched_test_off_no_engine_runs_it()
    {
        var log = new List<string>();
        EndToEndBenchmarkOptions options = Options with { BatchSequences = 0 };
        IEngineUnderTest[] engines = [new RecordingEngine(fixture.Ours, log), new RecordingEngine(fixture.Theirs, log)];

        BenchmarkReport report = EndToEndBenchmark.Run(fixture.Inputs() with { BatchedPrompts = [] }, engines, options);

        Assert.DoesNotContain(log, l => l.EndsWith(":batched", StringComparison.Ordinal));
        Assert.All(report.Engines, e => Assert.Null(e.Batched));
        Assert.DoesNotContain("not supported", BenchmarkTable.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_roofline_gives_every_engine_its_shares_and_none_gives_none()
    {
        var roofline = new RooflineLimits(1, 20e9, 1 << 30, 100e9, "fma", 400e9, "vnni");

        BenchmarkReport with = Run(roofline: roofline);
        BenchmarkReport without = Run();

        Assert.Same(roofline, with.Roofline);
        Assert.All(with.Engines, e => Assert.NotNull(e.Shares));
        Assert.All(with.Engines, e => Assert.NotNull(e.Shares!.BatchedPercentOfBandwidth));
        Assert.All(without.Engines, e => Assert.Null(e.Shares));
    }
}
