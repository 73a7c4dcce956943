namespace Augur.Bench.Tests;

/// <summary>Hand-made reports with round numbers, for the writers (table, JSON, chart): no engine runs.</summary>
internal static class SampleReports
{
    public static readonly RooflineLimits Roofline = new(2, 30e9, 1L << 30, 200e9, "vfmadd zmm", 800e9, "AVX-VNNI vpdpbusd ymm");

    public static readonly ModelCost Cost = new(MatmulParameters: 1_000_000_000, DecodeWeightBytes: 1_500_000_000, KvElementsPerPosition: 65536, Quantized: true);

    /// <summary>
    /// Ours (augur, batched not supported) and llama.cpp (batched measured) over 2 rounds; with
    /// <paramref name="batchSequences"/> 0 the batched test was off.
    /// </summary>
    public static BenchmarkReport TwoEngines(double oursDecode = 3.5, int batchSequences = 8, SpeedRatio? ratio = null, bool roofline = true)
    {
        bool batched = batchSequences > 0;
        return new BenchmarkReport(
            new ModelSummary("/tmp/m.gguf", 3L << 20, "llama", "Q8_0", "dim 2048, 16 layers"),
            new MachineSummary("Some CPU", 2, "Linux", ".NET 10", new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero), "1.00 2.00 3.00", "4.00 5.00 6.00"),
            PromptTokens: 512, DecodeTokens: 128, BatchSequences: batchSequences, BatchedPromptTokens: 32, Threads: 2, BatchTokens: 512,
            Repeats: 2, WarmupRounds: 1, Seed: 1234,
            roofline ? Roofline : null,
            Cost,
            [
                new EngineResult("augur", "ours, first line\nsecond line", 4, new RateSummary(10.5, 9.25, 11), new RateSummary(oursDecode, 3, 4), false, null,
                    roofline ? new RooflineShares("int8", 2.625, 19.5, null) : null,
                    [new RoundSample(1, 0, 48.76, 36.57, 10.5, 3.5), new RoundSample(2, 2, 55.35, 42.67, 9.25, 3)]),
                new EngineResult("llama.cpp", "theirs", 2, new RateSummary(100, 90, 110), new RateSummary(20, 19, 21), true,
                    batched ? new RateSummary(80, 70, 90) : null,
                    roofline ? new RooflineShares("int8", 25, 100.5, batched ? 50.4 : null) : null,
                    [
                        new RoundSample(1, 1, 5.12, 6.4, 100, 20, batched ? 12.8 : null, batched ? 80 : null),
                        new RoundSample(2, 3, 4.65, 6.1, 110, 21, batched ? 14.6 : null, batched ? 70 : null),
                    ]),
            ],
            ratio ?? new SpeedRatio(0.105, oursDecode / 20, null));
    }
}
