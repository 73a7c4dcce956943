namespace Augur.Engine.Sampling.Tests;

public class SamplerGreedyTests
{
    [Fact]
    public void Sample_TemperatureZero_IsTheArgMax()
    {
        var sampler = new Sampler(1000, SamplingOptions.Greedy);
        for (int trial = 0; trial < 50; trial++)
        {
            float[] logits = ReferenceSampler.RandomLogits(1000, seed: trial);
            int expected = 0;
            for (int i = 1; i < logits.Length; i++)
                if (logits[i] > logits[expected])
                    expected = i;

            Assert.Equal(expected, sampler.Sample(logits, []));
        }
    }

    [Theory]
    [InlineData(new float[] { 1f, 3f, 3f, 2f }, 1)]
    [InlineData(new float[] { 5f, 5f, 5f }, 0)]
    [InlineData(new float[] { -0f, 0f }, 0)]
    [InlineData(new float[] { float.NegativeInfinity, -1e30f, float.NegativeInfinity }, 1)]
    [InlineData(new float[] { 1f, float.PositiveInfinity, 2f, float.PositiveInfinity }, 1)]
    public void Sample_TemperatureZero_TiesGoToTheLowestId(float[] logits, int expected) =>
        Assert.Equal(expected, new Sampler(logits.Length, SamplingOptions.Greedy).Sample(logits, []));

    [Fact]
    public void Sample_TemperatureZero_IgnoresTheSeedAndDrawsNothing()
    {
        var greedy = new Sampler(300, SamplingOptions.Greedy with { Seed = 5 });
        var otherSeed = new Sampler(300, SamplingOptions.Greedy with { Seed = 6 });
        for (int trial = 0; trial < 20; trial++)
        {
            float[] logits = ReferenceSampler.RandomLogits(300, seed: 100 + trial);
            Assert.Equal(greedy.Sample((float[])logits.Clone(), []), otherSeed.Sample(logits, []));
        }

        // The stream has not moved: the next uniform is the seed's first.
        Assert.Equal(new Sampler(300, SamplingOptions.Greedy with { Seed = 5 }).NextUniform(), greedy.NextUniform());
    }

    [Fact]
    public void ComputeProbabilities_TemperatureZero_IsOneHot()
    {
        float[] logits = [0.5f, 2f, 2f, -1f];
        var probabilities = new float[4];

        new Sampler(4, SamplingOptions.Greedy).ComputeProbabilities(logits, [], probabilities);

        Assert.Equal([0f, 1f, 0f, 0f], probabilities);
    }

    [Fact]
    public void Sample_TemperatureZero_AppliesPenaltiesFirst()
    {
        var options = SamplingOptions.Greedy with { RepetitionPenalty = 1.1f };

        Assert.Equal(1, new Sampler(3, options).Sample([5f, 4.9f, 0f], [0]));
        Assert.Equal(0, new Sampler(3, options).Sample([5f, 4.9f, 0f], [2]));
    }

    [Theory]
    [InlineData(37, 1000, 5000)]
    [InlineData(5000, 31999, 16)]
    [InlineData(3, 2, 1)]
    public void Sample_TemperatureZero_TiedMaximaInALongRow_GiveTheLowestId(int a, int b, int c)
    {
        float[] logits = ReferenceSampler.RandomLogits(32000, seed: 9);
        foreach (int i in new[] { a, b, c })
            logits[i] = 100f;

        Assert.Equal(Math.Min(a, Math.Min(b, c)), new Sampler(32000, SamplingOptions.Greedy).Sample(logits, []));
    }

    [Fact]
    public void Sample_TemperatureZero_SignedZeroMaximaTie()
    {
        float[] logits = Enumerable.Repeat(-1f, 100).ToArray();
        logits[40] = -0f;
        logits[60] = 0f;

        Assert.Equal(40, new Sampler(100, SamplingOptions.Greedy).Sample(logits, []));
    }
}
