namespace Augur.Engine.Sampling.Tests;

/// <summary>Special logit values, through every path of the chain (plain, top-k, top-p, min-p).</summary>
public class SamplerEdgeCaseTests
{
    private static readonly SamplingOptions[] AllPaths =
    [
        new() { Temperature = 0.7f },
        new() { TopK = 3 },
        new() { TopP = 0.9f },
        new() { MinP = 0.1f },
        new() { Temperature = 0.8f, TopK = 40, TopP = 0.95f, MinP = 0.05f },
        new() { Temperature = 1e-3f, TopP = 0.99f },
    ];

    public static TheoryData<SamplingOptions> Paths => new(AllPaths);

    private static float[] Probabilities(float[] logits, SamplingOptions options)
    {
        var probabilities = new float[logits.Length];
        new Sampler(logits.Length, options).ComputeProbabilities((float[])logits.Clone(), [], probabilities);
        return probabilities;
    }

    private static int[] Draws(float[] logits, SamplingOptions options, int count)
    {
        var sampler = new Sampler(logits.Length, options with { Seed = 77 });
        var scratch = new float[logits.Length];
        var tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            logits.CopyTo(scratch, 0);
            tokens[i] = sampler.Sample(scratch, []);
        }
        return tokens;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void NegativeInfinity_IsNeverDrawn(SamplingOptions options)
    {
        float[] logits = ReferenceSampler.RandomLogits(64, seed: 2, spread: 0.5);
        int[] banned = [0, 5, 17, 18, 40, 63];
        foreach (int token in banned)
            logits[token] = float.NegativeInfinity;

        float[] p = Probabilities(logits, options);
        int[] tokens = Draws(logits, options, 5000);

        Assert.All(banned, token => Assert.Equal(0f, p[token]));
        Assert.DoesNotContain(tokens, banned.Contains);
        Assert.Equal(1.0, p.Sum(x => (double)x), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void SingleFiniteLogit_IsAlwaysDrawn(SamplingOptions options)
    {
        float[] logits = Enumerable.Repeat(float.NegativeInfinity, 100).ToArray();
        logits[42] = -3.5f;

        float[] p = Probabilities(logits, options);

        Assert.Equal(1f, p[42], 1e-6f);
        Assert.Equal(1, p.Count(x => x > 0));
        Assert.All(Draws(logits, options, 200), token => Assert.Equal(42, token));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void HugeLogits_GiveNoNaN(SamplingOptions options)
    {
        float[] logits = [1e30f, -1e30f, 1e30f, 0f, 1e30f, -float.MaxValue];

        float[] p = Probabilities(logits, options);

        Assert.All(p, x => Assert.False(float.IsNaN(x)));
        ProbabilityAssert.Close([1f / 3, 0f, 1f / 3, 0f, 1f / 3, 0f], p);
        Assert.All(Draws(logits, options, 300), token => Assert.Contains(token, new[] { 0, 2, 4 }));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void MaxValueLogits_GiveNoNaN(SamplingOptions options)
    {
        float[] p = Probabilities([-float.MaxValue, float.MaxValue, 0f, -float.MaxValue], options);

        ProbabilityAssert.Close([0f, 1f, 0f, 0f], p);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void PositiveInfinity_SharesAllTheProbability(SamplingOptions options)
    {
        float[] p = Probabilities([2f, float.PositiveInfinity, 1e30f, float.PositiveInfinity], options);

        ProbabilityAssert.Close([0f, 0.5f, 0f, 0.5f], p);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void NaNLogit_IsRejected(SamplingOptions options)
    {
        float[] logits = ReferenceSampler.RandomLogits(10, seed: 1);
        logits[6] = float.NaN;
        var sampler = new Sampler(10, options);

        var error = Assert.Throws<ArgumentException>(() => sampler.Sample((float[])logits.Clone(), []));
        Assert.Equal("logits", error.ParamName);
        Assert.Throws<ArgumentException>(() => sampler.ComputeProbabilities((float[])logits.Clone(), [], new float[10]));
        Assert.Throws<ArgumentException>(() => new Sampler(10, SamplingOptions.Greedy).Sample(logits, []));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AllNegativeInfinity_IsRejected(SamplingOptions options)
    {
        float[] logits = Enumerable.Repeat(float.NegativeInfinity, 10).ToArray();

        Assert.Throws<ArgumentException>(() => new Sampler(10, options).Sample(logits, []));
        Assert.Throws<ArgumentException>(() => new Sampler(10, SamplingOptions.Greedy).Sample(logits, []));
    }

    [Fact]
    public void WrongLengths_AreRejected()
    {
        var sampler = new Sampler(10, new SamplingOptions());

        Assert.Throws<ArgumentException>(() => sampler.Sample(new float[9], []));
        Assert.Throws<ArgumentException>(() => sampler.ComputeProbabilities(new float[10], [], new float[11]));
    }

    [Fact]
    public void VocabularyOfOne_AlwaysGivesTokenZero()
    {
        foreach (SamplingOptions options in AllPaths)
            Assert.Equal(0, new Sampler(1, options).Sample([3f], []));
    }
}
