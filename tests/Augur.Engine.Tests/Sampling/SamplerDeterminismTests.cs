namespace Augur.Engine.Sampling.Tests;

public class SamplerDeterminismTests
{
    private const int Vocab = 100;

    private static int[] Draw(Sampler sampler, int count)
    {
        float[] logits = ReferenceSampler.RandomLogits(Vocab, seed: 7, spread: 1.0);
        var scratch = new float[Vocab];
        var tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            logits.CopyTo(scratch, 0);
            tokens[i] = sampler.Sample(scratch, tokens.AsSpan(0, i));
        }
        return tokens;
    }

    public static TheoryData<SamplingOptions> Settings => new()
    {
        new SamplingOptions(),
        new SamplingOptions { Temperature = 0.8f, TopK = 40, TopP = 0.95f },
        new SamplingOptions { Temperature = 1.2f, TopP = 0.9f, MinP = 0.01f, RepetitionPenalty = 1.2f },
        new SamplingOptions { MinP = 0.05f, FrequencyPenalty = 0.3f, PresencePenalty = 0.2f },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Sample_SameSeed_GivesTheSameSequence(SamplingOptions options)
    {
        int[] first = Draw(new Sampler(Vocab, options with { Seed = 42 }), 500);
        int[] second = Draw(new Sampler(Vocab, options with { Seed = 42 }), 500);

        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() > 5, "the draws should vary");
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Sample_DifferentSeeds_GiveDifferentSequences(SamplingOptions options)
    {
        var sequences = Enumerable.Range(0, 20)
            .Select(seed => Draw(new Sampler(Vocab, options with { Seed = (ulong)seed }), 200))
            .ToList();

        for (int a = 0; a < sequences.Count; a++)
            for (int b = a + 1; b < sequences.Count; b++)
                Assert.False(sequences[a].SequenceEqual(sequences[b]), $"seeds {a} and {b} gave the same tokens");
    }

    [Fact]
    public void Reseed_RestartsTheStream()
    {
        var sampler = new Sampler(Vocab, new SamplingOptions { Seed = 9 });
        int[] first = Draw(sampler, 100);

        sampler.Reseed(9);

        Assert.Equal(first, Draw(sampler, 100));
        Assert.Equal(9UL, sampler.Seed);
    }

    [Fact]
    public void Seed_Null_TakesAFreshSeedFromTheOS()
    {
        var a = new Sampler(Vocab, new SamplingOptions());
        var b = new Sampler(Vocab, new SamplingOptions());

        Assert.NotEqual(a.Seed, b.Seed);
        Assert.Equal(Draw(new Sampler(Vocab, new SamplingOptions { Seed = a.Seed }), 50), Draw(a, 50));
    }
}
