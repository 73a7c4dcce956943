namespace Augur.Engine.Sampling.Tests;

public class SamplingOptionsTests
{
    [Fact]
    public void Defaults_TurnEveryTransformOffButTemperatureOne()
    {
        var options = new SamplingOptions();

        Assert.Equal(1f, options.Temperature);
        Assert.Equal(0, options.TopK);
        Assert.Equal(1f, options.TopP);
        Assert.Equal(0f, options.MinP);
        Assert.Equal(1f, options.RepetitionPenalty);
        Assert.Equal(0f, options.FrequencyPenalty);
        Assert.Equal(0f, options.PresencePenalty);
        Assert.Equal(64, options.PenaltyWindow);
        Assert.Null(options.Seed);
        Assert.False(options.HasPenalties);
        Assert.Equal(0f, SamplingOptions.Greedy.Temperature);
    }

    public static TheoryData<SamplingOptions, string> InvalidOptions => new()
    {
        { new() { Temperature = -0.1f }, nameof(SamplingOptions.Temperature) },
        { new() { Temperature = float.NaN }, nameof(SamplingOptions.Temperature) },
        { new() { Temperature = float.PositiveInfinity }, nameof(SamplingOptions.Temperature) },
        { new() { TopK = -1 }, nameof(SamplingOptions.TopK) },
        { new() { TopP = 0f }, nameof(SamplingOptions.TopP) },
        { new() { TopP = 1.01f }, nameof(SamplingOptions.TopP) },
        { new() { TopP = float.NaN }, nameof(SamplingOptions.TopP) },
        { new() { MinP = -0.01f }, nameof(SamplingOptions.MinP) },
        { new() { MinP = 1.5f }, nameof(SamplingOptions.MinP) },
        { new() { RepetitionPenalty = 0f }, nameof(SamplingOptions.RepetitionPenalty) },
        { new() { RepetitionPenalty = -1f }, nameof(SamplingOptions.RepetitionPenalty) },
        { new() { RepetitionPenalty = float.PositiveInfinity }, nameof(SamplingOptions.RepetitionPenalty) },
        { new() { FrequencyPenalty = float.NaN }, nameof(SamplingOptions.FrequencyPenalty) },
        { new() { PresencePenalty = float.NegativeInfinity }, nameof(SamplingOptions.PresencePenalty) },
        { new() { PenaltyWindow = -2 }, nameof(SamplingOptions.PenaltyWindow) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_OutOfRange_ThrowsNamingTheOption(SamplingOptions options, string property)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(property, error.ParamName);
        Assert.StartsWith(property + " must", error.Message, StringComparison.Ordinal);
        Assert.False(options.TryValidate(out string? message));
        Assert.StartsWith(property, message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(10, options));
    }

    [Fact]
    public void Validate_BoundaryValues_AreAccepted()
    {
        var options = new SamplingOptions
        {
            Temperature = 0f,
            TopK = 0,
            TopP = 1f,
            MinP = 1f,
            RepetitionPenalty = 0.5f,
            FrequencyPenalty = -2f,
            PresencePenalty = 2f,
            PenaltyWindow = -1,
            Seed = ulong.MaxValue,
        };

        options.Validate();
        Assert.True(options.TryValidate(out string? error));
        Assert.Null(error);
        Assert.True((options with { TopP = 1e-6f, MinP = 0f, PenaltyWindow = 0 }).TryValidate(out _));
    }

    [Fact]
    public void HasPenalties_NeedsAWindowAndAPenalty()
    {
        Assert.True(new SamplingOptions { RepetitionPenalty = 1.1f }.HasPenalties);
        Assert.True(new SamplingOptions { PresencePenalty = 0.5f, PenaltyWindow = -1 }.HasPenalties);
        Assert.False(new SamplingOptions { FrequencyPenalty = 0.5f, PenaltyWindow = 0 }.HasPenalties);
    }

    [Fact]
    public void Sampler_EmptyVocabulary_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(0, new SamplingOptions()));
        Assert.Throws<ArgumentNullException>(() => new Sampler(10, null!));
    }
}
