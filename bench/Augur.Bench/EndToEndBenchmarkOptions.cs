namespace Augur.Bench;

/// <summary>What <see cref="EndToEndBenchmark"/> measures and how often.</summary>
public sealed record EndToEndBenchmarkOptions
{
    /// <summary>Tokens in the prompt whose prefill is timed. Default 512.</summary>
    public int PromptTokens { get; init; } = 512;

    /// <summary>Tokens generated one at a time after the prompt (batch 1). Default 128.</summary>
    public int DecodeTokens { get; init; } = 128;

    /// <summary>Measured rounds; each round runs every engine once, in the same order. Default 5.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Rounds run first and discarded (page-in of the weights, JIT tiering, caches). Default 1.</summary>
    public int WarmupRounds { get; init; } = 1;

    /// <summary>CPU threads every engine uses, for prefill and decode alike. Default 2.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>
    /// Most prompt tokens one batched evaluation takes, for every engine (llama.cpp's <c>n_batch</c>/<c>n_ubatch</c>,
    /// our <c>MaxBatchTokens</c>). Default 512.
    /// </summary>
    public int BatchTokens { get; init; } = 512;

    /// <summary>
    /// Sequences of the batched test, which decodes them together (one token of each per step) and reports the total
    /// rate; 0 turns the test off. Default 8.
    /// </summary>
    public int BatchSequences { get; init; } = 8;

    /// <summary>Tokens of each batched sequence's own prompt, prefilled before the timed steps. Default 32.</summary>
    public int BatchedPromptTokens { get; init; } = 32;

    /// <summary>Seed of the pseudo-random prompts. Default 1234.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>KV cache positions each engine needs: the prompt, then the decoded tokens.</summary>
    public int ContextTokens => PromptTokens + DecodeTokens;

    /// <summary>KV cache positions each batched sequence needs: its prompt, then <see cref="DecodeTokens"/> steps.</summary>
    public int BatchedPositions => BatchedPromptTokens + DecodeTokens;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a count that cannot run.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PromptTokens, 1, nameof(PromptTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(DecodeTokens, 1, nameof(DecodeTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(Repeats, 1, nameof(Repeats));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRounds, nameof(WarmupRounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchTokens, 1, nameof(BatchTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(BatchSequences, nameof(BatchSequences));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchedPromptTokens, 1, nameof(BatchedPromptTokens));
    }
}
