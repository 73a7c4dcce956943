using Augur.Engine.Requests;
using Augur.Engine.Sampling;
using Augur.Engine.Sampling.Tests;
using Augur.Engine.Tests;
using Augur.Models.Tokenizers;

namespace Augur.Engine.Speculative.Tests;

/// <summary>
/// Speculative sampling is lossless: the tokens it emits are distributed as plain decoding's. Each case draws 20,000
/// four-token continuations with speculation and 20,000 without (different seeds), and compares the distributions of
/// tokens 2, 3 and 4 (the ones verification decides; the first comes from the prefill) and of the pair (2, 3) with a
/// two-sample chi-square test of homogeneity, at a 0.001 significance per comparison (Bonferroni: 0.004 per case).
/// The seeds are fixed, so the test cannot flake; a broken rule that accepts every draft fails the same test.
/// </summary>
public sealed class SpeculativeSamplingTests(SpeculativeModels models) : IClassFixture<SpeculativeModels>
{
    private const int Samples = 20_000;
    private const double Significance = 0.001;

    // Plain draws of each case, shared by the lossless test and the broken-verifier test of the same case.
    private static readonly Dictionary<int, int[][]> PlainDraws = [];

    /// <summary>Per case: the drafter (null: n-gram lookup), temperature, top-k, top-p, and the prompt.</summary>
    private static readonly (string? Draft, float Temperature, int TopK, float TopP, string Prompt)[] Cases =
    [
        ("llama2xs", 0.7f, 0, 0.9f, "Once upon a time"),
        ("llama2xs", 1.0f, 20, 1f, "Lily and Ben went to the park."),
        (null, 0.7f, 0, 0.9f, "Once upon a time, there was a little girl named Lily. She loved to play outside. One day, there was a little"),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void SpeculativeSampling_MatchesPlainSampling(int @case)
    {
        int[][] speculative = Draw(@case, speculate: true, broken: false);

        foreach ((string what, double p) in Compare(Plain(@case), speculative))
            Assert.True(p > Significance, $"{what}: p = {p:g3}, the distributions differ");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ABrokenVerifier_ThatAcceptsEveryDraft_FailsTheSameTest(int @case)
    {
        int[][] broken = Draw(@case, speculate: true, broken: true);

        Assert.Contains(Compare(Plain(@case), broken), c => c.P < Significance);
    }

    private int[][] Plain(int @case)
    {
        lock (PlainDraws)
        {
            if (!PlainDraws.TryGetValue(@case, out int[][]? draws))
                PlainDraws[@case] = draws = Draw(@case, speculate: false, broken: false);
            return draws;
        }
    }

    private int[][] Draw(int @case, bool speculate, bool broken)
    {
        (string? draft, float temperature, int topK, float topP, string prompt) = Cases[@case];
        var sampling = new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP };
        int seedBase = speculate ? 1_000_000 : 0;
        var options = new EngineOptions
        {
            KvCache = new() { BlockCount = 1024 },
            DraftKvCache = new() { BlockCount = 1024 },
            MaxBatchTokens = 256,
            MaxRunningSequences = 48,
            MaxWaitingSequences = Samples,
        };
        var speculation = new SpeculativeOptions { Method = draft is null ? SpeculativeMethod.Ngram : SpeculativeMethod.DraftModel, MaxDraftTokens = 3, Adaptive = false };
        using AugurEngine engine = models.Engine("stories260K", speculate ? options with { Speculation = speculation } : options, speculate ? draft : null);
        if (broken)
            engine.VerifyRule = AcceptEverything;
        int[] tokens = models.Models["stories260K"].File.Tokenizer.Encode(prompt, new EncodeSettings { AddBos = true });
        var requests = Enumerable.Range(0, Samples)
            .Select(i => new GenerationRequest { PromptTokens = tokens, MaxTokens = 4, IgnoreEndOfGeneration = true, Sampling = sampling with { Seed = (ulong)(seedBase + i) } })
            .Select(r => new Submission(r))
            .ToArray();
        int[][] outcomes = EngineDriver.Run(engine, requests, maxSteps: 100_000).Select(o => o.Tokens).ToArray();
        if (speculate)
            Assert.True(engine.Statistics.AcceptedDraftTokens > Samples / 4, $"only {engine.Statistics.AcceptedDraftTokens} drafts accepted");
        return outcomes;
    }

    private static bool AcceptEverything(Sampler sampler, ReadOnlySpan<float> p, ReadOnlySpan<float> q, int drafted, Span<float> residual, out int replacement)
    {
        replacement = -1;
        return true;
    }

    private static IEnumerable<(string What, double P)> Compare(int[][] a, int[][] b)
    {
        for (int position = 1; position < 4; position++)
        {
            int at = position;
            yield return ($"token {position + 1}", ChiSquare.TwoSamplePValue(Counts(a, t => t[at]), Counts(b, t => t[at])));
        }
        yield return ("tokens 2 and 3", ChiSquare.TwoSamplePValue(Counts(a, t => (t[1], t[2])), Counts(b, t => (t[1], t[2]))));
    }

    private static Dictionary<T, long> Counts<T>(int[][] samples, Func<int[], T> key) where T : notnull =>
        samples.GroupBy(key).ToDictionary(g => g.Key, g => (long)g.Count());
}
