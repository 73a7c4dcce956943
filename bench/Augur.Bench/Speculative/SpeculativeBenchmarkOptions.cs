namespace Augur.Bench.Speculative;

/// <summary>What <see cref="SpeculativeBenchmark"/> measures and how often.</summary>
public sealed record SpeculativeBenchmarkOptions
{
    /// <summary>Tokens generated greedily after the prompt, batch 1 (the first comes from the prefill and is not timed). Default 128.</summary>
    public int DecodeTokens { get; init; } = 128;

    /// <summary>Measured rounds; each runs the plain decode, then every drafter's speculative decode. Default 3.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Rounds run first and discarded. Default 1.</summary>
    public int WarmupRounds { get; init; } = 1;

    /// <summary>CPU threads of every engine. Default 2.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Seed of the replay drafters' corruption (and of a pseudo-random prompt). Default 1234.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a count that cannot run.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DecodeTokens, 2, nameof(DecodeTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(Repeats, 1, nameof(Repeats));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRounds, nameof(WarmupRounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
    }
}
