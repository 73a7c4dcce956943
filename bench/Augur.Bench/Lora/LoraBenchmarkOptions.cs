namespace Augur.Bench.Lora;

/// <summary>What <see cref="LoraBenchmark"/> runs: the batch, the adapters, the rounds.</summary>
public sealed record LoraBenchmarkOptions
{
    /// <summary>Sequences decoded together in every pass (16).</summary>
    public int Sequences { get; init; } = 16;

    /// <summary>Different adapters, sequence s using adapter s mod Adapters (4).</summary>
    public int Adapters { get; init; } = 4;

    /// <summary>The adapters' ranks, adapter a having Ranks[a mod Ranks.Count] (8 and 32).</summary>
    public IReadOnlyList<int> Ranks { get; init; } = [8, 32];

    /// <summary>Tokens of each sequence's pseudo-random prompt, prefilled (timed) before decoding (64).</summary>
    public int PromptTokens { get; init; } = 64;

    /// <summary>Decode steps, each one token of every sequence (32).</summary>
    public int DecodeTokens { get; init; } = 32;

    /// <summary>Tokens per prefill pass (256); the prompts are packed into passes of this size.</summary>
    public int BatchTokens { get; init; } = 256;

    /// <summary>Measured rounds (5), each running without and with adapters, in alternating order.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Discarded rounds first (1).</summary>
    public int WarmupRounds { get; init; } = 1;

    /// <summary>Seed of the prompts and the adapters' weights (1234).</summary>
    public int Seed { get; init; } = 1234;
}
