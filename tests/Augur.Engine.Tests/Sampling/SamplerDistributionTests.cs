namespace Augur.Engine.Sampling.Tests;

/// <summary>
/// 100,000 seeded draws against the reference distribution (softmax(logits / T) after the truncations), by a
/// chi-square test at p &gt; 1e-4. The seeds are fixed, so each test passes or fails the same way every run.
/// </summary>
public class SamplerDistributionTests
{
    private const int Draws = 100_000;
    private const double Level = 1e-4;

    // 24 tokens with distinct, well-spread logits, shuffled so that id order is not probability order.
    private static readonly float[] Logits =
    [
        1.2f, -0.4f, 2.5f, 0.3f, -1.8f, 1.9f, 0.0f, -2.6f, 3.1f, 0.8f, -0.9f, 2.2f,
        -3.4f, 1.5f, -0.1f, 0.6f, -1.3f, 2.8f, -2.1f, 1.0f, -0.6f, 0.4f, -4.0f, 1.7f,
    ];

    private static readonly int[] History = [8, 8, 2, 17, 5, 8, 0, 13];

    public static TheoryData<string, SamplingOptions> Settings => new()
    {
        { "plain T=0.7", new SamplingOptions { Temperature = 0.7f } },
        { "T=1.5", new SamplingOptions { Temperature = 1.5f } },
        { "top-k 6", new SamplingOptions { Temperature = 1.3f, TopK = 6 } },
        { "top-p 0.8", new SamplingOptions { TopP = 0.8f } },
        { "min-p 0.08", new SamplingOptions { Temperature = 0.9f, MinP = 0.08f } },
        { "top-p + min-p", new SamplingOptions { Temperature = 1.4f, TopP = 0.9f, MinP = 0.05f } },
        { "typical chat", new SamplingOptions { Temperature = 0.8f, TopK = 12, TopP = 0.95f, MinP = 0.02f } },
        {
            "penalties", new SamplingOptions
            {
                Temperature = 1.1f, TopK = 15, TopP = 0.97f, RepetitionPenalty = 1.3f,
                FrequencyPenalty = 0.2f, PresencePenalty = 0.4f, PenaltyWindow = 6,
            }
        },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Sample_ManyDraws_MatchTheReferenceDistribution(string name, SamplingOptions options)
    {
        double[] expected = ReferenceSampler.Distribution(Logits, options, History);
        var sampler = new Sampler(Logits.Length, options with { Seed = 20240601 });
        var scratch = new float[Logits.Length];
        var counts = new long[Logits.Length];

        for (int i = 0; i < Draws; i++)
        {
            Logits.CopyTo(scratch, 0);
            counts[sampler.Sample(scratch, History)]++;
        }

        for (int token = 0; token < expected.Length; token++)
        {
            if (expected[token] == 0)
                Assert.True(counts[token] == 0, $"{name}: token {token} is outside the kept set but was drawn");
        }
        Assert.True(expected.Count(p => p > 0) >= 3, $"{name}: too few kept tokens for a meaningful test");
        double pValue = ChiSquare.PValue(counts, expected);
        Assert.True(pValue > Level, $"{name}: chi-square p = {pValue:G3}");
    }

    [Fact]
    public void Sample_WrongDistribution_IsCaughtByTheTest()
    {
        // The same check, against the distribution of a slightly different temperature, must fail: the test
        // has the power to see a small error.
        var options = new SamplingOptions { Temperature = 0.7f };
        double[] wrong = ReferenceSampler.Distribution(Logits, options with { Temperature = 0.72f });
        var sampler = new Sampler(Logits.Length, options with { Seed = 20240601 });
        var scratch = new float[Logits.Length];
        var counts = new long[Logits.Length];
        for (int i = 0; i < Draws; i++)
        {
            Logits.CopyTo(scratch, 0);
            counts[sampler.Sample(scratch, [])]++;
        }

        Assert.True(ChiSquare.PValue(counts, wrong) < Level);
    }

    [Fact]
    public void SampleFrom_Weights_MatchTheirProportions()
    {
        float[] weights = [0f, 3f, 1f, 0f, 6f, 0.5f, 2f];
        double sum = weights.Sum();
        double[] expected = weights.Select(w => w / sum).ToArray();
        var sampler = new Sampler(1, new SamplingOptions { Seed = 3 });
        var counts = new long[weights.Length];

        for (int i = 0; i < Draws; i++)
            counts[sampler.SampleFrom(weights)]++;

        Assert.Equal(0, counts[0]);
        Assert.Equal(0, counts[3]);
        Assert.True(ChiSquare.PValue(counts, expected) > Level);
    }

    [Theory]
    [InlineData(new float[] { 1f, -0.5f })]
    [InlineData(new float[] { 0f, 0f })]
    [InlineData(new float[] { 1f, float.NaN })]
    [InlineData(new float[] { 1f, float.PositiveInfinity })]
    [InlineData(new float[0])]
    public void SampleFrom_InvalidWeights_Throw(float[] weights) =>
        Assert.Throws<ArgumentException>(() => new Sampler(1, new SamplingOptions()).SampleFrom(weights));
}
