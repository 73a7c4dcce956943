namespace Augur.Engine.Sampling.Tests;

/// <summary>Each transform, alone and combined, against <see cref="ReferenceSampler"/> through the exposed
/// distribution.</summary>
public class SamplerTransformTests
{
    private static float[] Probabilities(float[] logits, SamplingOptions options, int[]? history = null)
    {
        var sampler = new Sampler(logits.Length, options);
        var probabilities = new float[logits.Length];
        sampler.ComputeProbabilities((float[])logits.Clone(), history ?? [], probabilities);
        return probabilities;
    }

    private static void AssertMatchesReference(float[] logits, SamplingOptions options, int[]? history = null)
    {
        double[] expected = ReferenceSampler.Distribution(logits, options, history);
        float[] actual = Probabilities(logits, options, history);

        Assert.Equal(1.0, actual.Sum(p => (double)p), 1e-5);
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.True(expected[i] > 0 == actual[i] > 0, $"token {i}: kept in one and not the other");
            double tolerance = 1e-7 + 2e-5 * expected[i];
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"token {i}: {actual[i]} vs {expected[i]}");
        }
    }

    public static TheoryData<int, SamplingOptions> Settings
    {
        get
        {
            var data = new TheoryData<int, SamplingOptions>();
            SamplingOptions[] settings =
            [
                new() { Temperature = 1f },
                new() { Temperature = 0.3f },
                new() { Temperature = 2.5f },
                new() { TopK = 1 },
                new() { TopK = 40, Temperature = 0.8f },
                new() { TopK = 499 },
                new() { TopP = 0.5f },
                new() { TopP = 0.95f, Temperature = 0.8f },
                new() { TopP = 0.999f, Temperature = 1.5f },
                new() { TopP = 1e-4f },
                new() { MinP = 0.05f },
                new() { MinP = 0.3f, Temperature = 2f },
                new() { MinP = 1f },
                new() { TopK = 40, TopP = 0.9f },
                new() { TopK = 100, MinP = 0.02f },
                new() { TopK = 40, TopP = 0.95f, MinP = 0.05f, Temperature = 0.8f },
                new() { TopP = 0.9f, MinP = 0.01f, Temperature = 1.2f },
            ];
            foreach (int vocab in new[] { 2, 50, 500, 32000 })
                foreach (SamplingOptions options in settings)
                    data.Add(vocab, options);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void ComputeProbabilities_RandomLogits_MatchReference(int vocab, SamplingOptions options)
    {
        for (int trial = 0; trial < 3; trial++)
            AssertMatchesReference(ReferenceSampler.RandomLogits(vocab, seed: 1000 * vocab + trial), options);
    }

    public static TheoryData<SamplingOptions> TieSettings => new(
    [
        new() { TopK = 1 },
        new() { TopK = 7 },
        new() { TopK = 50, Temperature = 0.5f },
        new() { TopP = 0.3f },
        new() { TopP = 0.9f, Temperature = 2f },
        new() { MinP = 1f },
        new() { TopK = 40, MinP = 1f },
        new() { TopK = 40, MinP = 0.3f },
        new() { TopK = 60, TopP = 0.6f, MinP = 0.1f },
    ]);

    [Theory]
    [MemberData(nameof(TieSettings))]
    public void ComputeProbabilities_ManyTiedLogits_MatchReference(SamplingOptions options)
    {
        // Seven distinct values over 300 tokens: every cut falls inside a run of equal logits, where only the
        // lower-id rule decides which tokens stay.
        for (int trial = 0; trial < 5; trial++)
        {
            var random = new Random(trial);
            float[] logits = Enumerable.Range(0, 300).Select(_ => (float)random.Next(-3, 4)).ToArray();
            AssertMatchesReference(logits, options);
        }
    }

    [Fact]
    public void TopK_TieAtTheBoundary_EvictsTheHigherId()
    {
        // Tokens 0 and 1 tie; token 3 displaces one of them, and it must be token 1.
        float[] p = Probabilities([1f, 1f, 1f, 2f], new SamplingOptions { TopK = 2 });

        Assert.True(p[0] > 0 && p[3] > 0 && p[1] == 0 && p[2] == 0, string.Join(", ", p));
    }

    [Theory]
    [InlineData(1.3f, 0f, 0f, 64)]
    [InlineData(0.7f, 0f, 0f, -1)]
    [InlineData(1f, 0.4f, 0f, 64)]
    [InlineData(1f, 0f, 1.5f, 16)]
    [InlineData(1.2f, 0.3f, -0.5f, 32)]
    public void ComputeProbabilities_Penalties_MatchReference(float repetition, float frequency, float presence, int window)
    {
        var random = new Random(11);
        int[] history = Enumerable.Range(0, 200).Select(_ => random.Next(60)).ToArray();
        var options = new SamplingOptions
        {
            Temperature = 0.9f,
            TopK = 30,
            TopP = 0.97f,
            RepetitionPenalty = repetition,
            FrequencyPenalty = frequency,
            PresencePenalty = presence,
            PenaltyWindow = window,
        };

        AssertMatchesReference(ReferenceSampler.RandomLogits(100, seed: 5), options, history);
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(50, 51)]
    [InlineData(50, 100_000)]
    public void TopK_AtOrAboveVocabulary_IsOff(int vocab, int topK)
    {
        float[] logits = ReferenceSampler.RandomLogits(vocab, seed: 3);

        Assert.Equal(Probabilities(logits, new SamplingOptions()), Probabilities(logits, new SamplingOptions { TopK = topK }));
    }

    [Fact]
    public void TopK_AllEqualLogits_KeepsTheLowestIds()
    {
        float[] p = Probabilities(new float[10], new SamplingOptions { TopK = 3 });

        ProbabilityAssert.Close([1f / 3, 1f / 3, 1f / 3, 0, 0, 0, 0, 0, 0, 0], p);
    }

    [Fact]
    public void TopP_AllEqualLogits_KeepsTheLowestIds()
    {
        // Ten tokens of 0.1: five reach 0.45.
        float[] p = Probabilities(Enumerable.Repeat(2.5f, 10).ToArray(), new SamplingOptions { TopP = 0.45f });

        ProbabilityAssert.Close([0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0, 0, 0, 0, 0], p);
    }

    [Theory]
    [InlineData(0, 1f, 0f)]
    [InlineData(8, 1f, 0.5f)]
    [InlineData(0, 1f, 1f)]
    [InlineData(0, 0.99f, 0f)]
    public void AllEqualLogits_WithoutTruncation_AreUniform(int topK, float topP, float minP)
    {
        var options = new SamplingOptions { TopK = topK, TopP = topP, MinP = minP };

        float[] p = Probabilities(Enumerable.Repeat(-7f, 8).ToArray(), options);

        Assert.All(p, x => Assert.Equal(0.125f, x, 1e-6f));
    }

    [Fact]
    public void TopP_One_And_MinP_Zero_AreOff()
    {
        float[] logits = ReferenceSampler.RandomLogits(300, seed: 8);
        float[] plain = Probabilities(logits, new SamplingOptions { Temperature = 0.9f });

        Assert.Equal(plain, Probabilities(logits, new SamplingOptions { Temperature = 0.9f, TopP = 1f, MinP = 0f }));
        Assert.All(plain, x => Assert.True(x > 0));
    }

    [Fact]
    public void MinP_One_KeepsOnlyTheTiedMaxima()
    {
        float[] p = Probabilities([1f, 3f, 2f, 3f, -1f], new SamplingOptions { MinP = 1f });

        ProbabilityAssert.Close([0f, 0.5f, 0f, 0.5f, 0f], p);
    }

    [Fact]
    public void ComputeProbabilities_IntoTheLogitsSpan_IsAllowed()
    {
        float[] logits = ReferenceSampler.RandomLogits(200, seed: 4);
        foreach (SamplingOptions options in new SamplingOptions[] { new(), new() { TopK = 10 }, new() { TopP = 0.8f }, SamplingOptions.Greedy })
        {
            float[] expected = Probabilities(logits, options);
            float[] inPlace = (float[])logits.Clone();

            new Sampler(200, options).ComputeProbabilities(inPlace, [], inPlace);

            Assert.Equal(expected, inPlace);
        }
    }
}
