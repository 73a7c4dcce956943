namespace Augur.Engine.Sampling.Tests;

/// <summary>Step 1 on its own: the arithmetic of each penalty, written out by hand.</summary>
public class SamplerPenaltyTests
{
    private static float[] Penalise(float[] logits, int[] history, SamplingOptions options)
    {
        float[] result = (float[])logits.Clone();
        new Sampler(logits.Length, options).ApplyPenalties(result, history);
        return result;
    }

    [Fact]
    public void Repetition_DividesPositiveAndMultipliesNegativeLogits()
    {
        float[] result = Penalise([4f, -4f, 0f, 3f], [0, 1, 2], new SamplingOptions { RepetitionPenalty = 2f });

        Assert.Equal([2f, -8f, 0f, 3f], result);
    }

    [Fact]
    public void Repetition_BelowOne_Encourages()
    {
        float[] result = Penalise([4f, -4f], [0, 1], new SamplingOptions { RepetitionPenalty = 0.5f });

        Assert.Equal([8f, -2f], result);
    }

    [Fact]
    public void Repetition_AppliesOncePerDistinctToken()
    {
        float[] result = Penalise([4f, 6f], [0, 0, 0, 1, 0], new SamplingOptions { RepetitionPenalty = 2f });

        Assert.Equal([2f, 3f], result);
    }

    [Fact]
    public void FrequencyAndPresence_SubtractCountTimesFrequencyPlusPresence()
    {
        var options = new SamplingOptions { FrequencyPenalty = 0.5f, PresencePenalty = 1f };

        float[] result = Penalise([10f, 10f, 10f, -2f], [0, 0, 0, 1, 3, 3], options);

        Assert.Equal([10f - 3 * 0.5f - 1f, 10f - 0.5f - 1f, 10f, -2f - 2 * 0.5f - 1f], result);
    }

    [Fact]
    public void NegativeFrequencyAndPresence_RaiseTheLogit()
    {
        var options = new SamplingOptions { FrequencyPenalty = -0.25f, PresencePenalty = -1f };

        Assert.Equal([1f + 2 * 0.25f + 1f, 1f], Penalise([1f, 1f], [0, 0], options));
    }

    [Fact]
    public void Repetition_RunsBeforeFrequency()
    {
        // (4 / 2) − 2·1 = 0; the other order would give (4 − 2) / 2 = 1.
        var options = new SamplingOptions { RepetitionPenalty = 2f, FrequencyPenalty = 1f };

        Assert.Equal([0f], Penalise([4f], [0, 0], options));
    }

    [Fact]
    public void Window_CountsOnlyTheMostRecentTokens()
    {
        var options = new SamplingOptions { FrequencyPenalty = 1f, RepetitionPenalty = 2f, PenaltyWindow = 3 };

        // Window [1, 0, 0]: token 2 (older) is untouched; token 0 counted twice, token 1 once.
        float[] result = Penalise([8f, 8f, 8f], [2, 2, 0, 1, 0, 0], options);

        Assert.Equal([8f / 2 - 2f, 8f / 2 - 1f, 8f], result);
    }

    [Fact]
    public void Window_MinusOne_IsTheWholeContext()
    {
        var options = new SamplingOptions { PresencePenalty = 1f, PenaltyWindow = -1 };
        int[] history = [3, .. Enumerable.Repeat(0, 1000)];

        Assert.Equal([4f, 5f, 5f, 4f], Penalise([5f, 5f, 5f, 5f], history, options));
    }

    [Fact]
    public void Window_LongerThanHistory_UsesAllOfIt()
    {
        var options = new SamplingOptions { PresencePenalty = 1f, PenaltyWindow = 64 };

        Assert.Equal([4f, 4f, 5f], Penalise([5f, 5f, 5f], [1, 0], options));
    }

    [Fact]
    public void Window_Zero_TurnsPenaltiesOff()
    {
        var options = SamplingOptions.Greedy with { PresencePenalty = 100f, PenaltyWindow = 0 };

        Assert.Equal(0, new Sampler(2, options).Sample([2f, 1f], [0, 0, 0]));
    }

    [Fact]
    public void NegativeInfinity_StaysBanned()
    {
        var options = new SamplingOptions { RepetitionPenalty = 1.5f, FrequencyPenalty = -3f, PresencePenalty = -3f };

        Assert.Equal([float.NegativeInfinity], Penalise([float.NegativeInfinity], [0, 0], options));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void TokenOutOfRange_ThrowsAndLeavesNoCountsBehind(int badToken)
    {
        var sampler = new Sampler(4, new SamplingOptions { FrequencyPenalty = 1f });

        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.ApplyPenalties(new float[4], [0, 1, badToken]));

        float[] logits = new float[4];
        sampler.ApplyPenalties(logits, [2]);
        Assert.Equal([0f, 0f, -1f, 0f], logits);
    }

    [Fact]
    public void Counts_DoNotLeakBetweenCalls()
    {
        var sampler = new Sampler(3, new SamplingOptions { FrequencyPenalty = 1f });
        for (int i = 0; i < 5; i++)
        {
            float[] logits = new float[3];
            sampler.ApplyPenalties(logits, [1, 1, 2]);
            Assert.Equal([0f, -2f, -1f], logits);
        }
    }
}
