using Augur.Engine.Sampling;

namespace Augur.Engine.Speculative.Tests;

public sealed class SpeculativeVerifierTests
{
    /// <summary>Draft from q, verify against p: the emitted token's frequencies match p (within 4 standard errors) for any q.</summary>
    [Theory]
    [InlineData(new[] { 0.5f, 0.3f, 0.2f, 0f }, new[] { 0.1f, 0.1f, 0.4f, 0.4f })]
    [InlineData(new[] { 0.25f, 0.25f, 0.25f, 0.25f }, new[] { 1f, 0f, 0f, 0f })]
    [InlineData(new[] { 0f, 0f, 1f, 0f }, new[] { 0.3f, 0.3f, 0.2f, 0.2f })]
    public void TheEmittedToken_IsDistributedAsP(float[] p, float[] q)
    {
        var sampler = new Sampler(4, new SamplingOptions { Seed = 9 });
        var draftRandom = new Random(10);
        var counts = new long[4];
        var residual = new float[4];
        const int N = 200_000;
        for (int n = 0; n < N; n++)
        {
            int drafted = Draw(q, draftRandom.NextDouble());
            bool ok = SpeculativeVerifier.Verify(sampler, p, q, drafted, residual, out int replacement);
            counts[ok ? drafted : replacement]++;
        }
        for (int i = 0; i < 4; i++)
            Assert.InRange(counts[i] / (double)N, p[i] - 4 * Math.Sqrt(p[i] * (1 - p[i]) / N) - 1e-9, p[i] + 4 * Math.Sqrt(p[i] * (1 - p[i]) / N) + 1e-9);
    }

    [Fact]
    public void APointMassDraft_IsAcceptedWithProbabilityP_AndGreedyOnlyAtTheArgmax()
    {
        var sampler = new Sampler(3, new SamplingOptions { Seed = 2 });
        var residual = new float[3];
        float[] p = [0.2f, 0.7f, 0.1f];
        int accepted = 0;
        for (int n = 0; n < 100_000; n++)
        {
            if (SpeculativeVerifier.Verify(sampler, p, default, 1, residual, out int replacement))
                accepted++;
            else
                Assert.NotEqual(1, replacement);
        }
        Assert.InRange(accepted / 100_000.0, 0.69, 0.71);

        float[] greedy = [0f, 0f, 1f];
        Assert.True(SpeculativeVerifier.Verify(sampler, greedy, default, 2, residual, out _));
        Assert.False(SpeculativeVerifier.Verify(sampler, greedy, default, 0, residual, out int argmax));
        Assert.Equal(2, argmax);
    }

    private static int Draw(float[] q, double u)
    {
        double cumulative = 0;
        for (int i = 0; i < q.Length; i++)
        {
            cumulative += q[i];
            if (u < cumulative)
                return i;
        }
        return Array.FindLastIndex(q, x => x > 0);
    }
}
