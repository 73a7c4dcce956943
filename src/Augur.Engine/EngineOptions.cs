using Augur.Engine.Kv;
using Augur.Engine.Speculative;

namespace Augur.Engine;

/// <summary>How an <see cref="AugurEngine"/> schedules, and how much memory its KV cache takes.</summary>
public sealed record EngineOptions
{
    /// <summary>The KV block pool: 16-token F16 blocks in a 256 MiB budget by default.</summary>
    public KvCacheOptions KvCache { get; init; } = new() { MemoryBudgetBytes = 256L << 20 };

    /// <summary>Most tokens one step runs, all sequences together (decodes and prefill chunks). Default 256.</summary>
    public int MaxBatchTokens { get; init; } = 256;

    /// <summary>Most prompt tokens of one sequence prefilled in one step (chunked prefill). Default 128.</summary>
    public int PrefillChunkTokens { get; init; } = 128;

    /// <summary>Most sequences admitted at once. Default 32.</summary>
    public int MaxRunningSequences { get; init; } = 32;

    /// <summary>Most sequences waiting for admission; a submission past it is refused (<see cref="EngineOverloadedException"/>). Default 256.</summary>
    public int MaxWaitingSequences { get; init; } = 256;

    /// <summary>Most positions one sequence may reach, prompt and output; 0 (the default) means the model's context length.</summary>
    public int ContextLength { get; init; }

    /// <summary>Reuse the keys and values of full blocks that earlier sequences computed. Default true.</summary>
    public bool PrefixCaching { get; init; } = true;

    /// <summary>How requests speculate unless they say otherwise. Default off.</summary>
    public SpeculativeOptions Speculation { get; init; } = SpeculativeOptions.Off;

    /// <summary>The draft model's KV block pool, when the engine has one: 64 MiB by default.</summary>
    public KvCacheOptions DraftKvCache { get; init; } = new() { MemoryBudgetBytes = 64L << 20 };

    /// <summary>The name metrics and logs carry. Default "model".</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on an option that cannot work.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(KvCache, nameof(KvCache));
        KvCache.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchTokens, 1, nameof(MaxBatchTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(PrefillChunkTokens, 1, nameof(PrefillChunkTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRunningSequences, 1, nameof(MaxRunningSequences));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRunningSequences, MaxBatchTokens, nameof(MaxRunningSequences));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxWaitingSequences, nameof(MaxWaitingSequences));
        ArgumentOutOfRangeException.ThrowIfNegative(ContextLength, nameof(ContextLength));
        ArgumentNullException.ThrowIfNull(ModelName, nameof(ModelName));
        ArgumentNullException.ThrowIfNull(Speculation, nameof(Speculation));
        Speculation.Validate();
        ArgumentNullException.ThrowIfNull(DraftKvCache, nameof(DraftKvCache));
        DraftKvCache.Validate();
    }
}
