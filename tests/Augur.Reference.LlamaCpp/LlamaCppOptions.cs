namespace Augur.Reference.LlamaCpp;

/// <summary>
/// Settings for a <see cref="LlamaCppReference"/>: the llama.cpp context parameters that matter for
/// differential tests and benchmarks. Everything not named here keeps llama.cpp's own default.
/// </summary>
public sealed record LlamaCppOptions
{
    /// <summary>Shared defaults: 2 threads, 2048-token context, 512-token batches.</summary>
    public static LlamaCppOptions Default { get; } = new();

    /// <summary>
    /// CPU threads llama.cpp uses, for single-token decoding (<c>n_threads</c>) and for batches
    /// (<c>n_threads_batch</c>) alike. Default 2.
    /// </summary>
    public int Threads { get; init; } = 2;

    /// <summary>KV cache capacity in tokens (<c>n_ctx</c>); no evaluation may go past it. Default 2048.</summary>
    public int ContextSize { get; init; } = 2048;

    /// <summary>
    /// Most tokens handed to one <c>llama_decode</c> call, used as both <c>n_batch</c> and
    /// <c>n_ubatch</c>, so one batch is one graph evaluation. Longer inputs are evaluated in
    /// consecutive batches of this size. Default 512.
    /// </summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// Recorded for reproducibility only: nothing here samples (every continuation is the argmax of the
    /// raw logits) and llama.cpp's context itself takes no seed, so it does not change any result.
    /// Default 42.
    /// </summary>
    public uint Seed { get; init; } = 42;

    /// <summary>
    /// Whether llama.cpp uses its fused flash-attention kernel; <see langword="null"/> (the default)
    /// leaves llama.cpp's automatic choice, which enables it on the CPU backend.
    /// </summary>
    public bool? FlashAttention { get; init; }

    /// <summary>
    /// Keep the KV cache in F32 instead of llama.cpp's default F16. F32 removes the rounding of
    /// keys and values that an all-float32 engine does not have. Default <see langword="false"/>.
    /// </summary>
    public bool KvCacheF32 { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextSize, 1, nameof(ContextSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
    }
}
