using Augur.Engine;
using Augur.Engine.Kv;

namespace Augur.Bench.Serving;

/// <summary>Which serving reports run (<c>augur bench-serve --reports</c>).</summary>
[Flags]
public enum ServingReports
{
    None = 0,

    /// <summary>Time to first token with a cached prefix against the same request uncached.</summary>
    PrefixCache = 1,

    /// <summary>Aggregate decode tokens/s at several concurrency levels (and llama.cpp's, when given a GGUF file).</summary>
    Concurrency = 2,

    /// <summary>Time to first token of interactive requests alone and under a saturating batch load.</summary>
    Interference = 4,

    /// <summary>Prefix hit rate of interleaved multi-turn conversations against the theoretical maximum.</summary>
    Chat = 8,

    All = PrefixCache | Concurrency | Interference | Chat,
}

/// <summary>The counts and engine settings of the serving benchmarks; the defaults finish in minutes on two cores for a 110M model.</summary>
public sealed record ServingBenchmarkOptions
{
    public ServingReports Reports { get; init; } = ServingReports.All;

    /// <summary>Threads of every engine. Default: all cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Seed of every prompt. Default 1234.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Bytes of the KV block pool (F16, 16-token blocks) of each engine. Default 256 MiB.</summary>
    public long KvBudgetBytes { get; init; } = 256L << 20;

    /// <summary><see cref="EngineOptions.MaxBatchTokens"/>. Default 256.</summary>
    public int MaxBatchTokens { get; init; } = 256;

    /// <summary><see cref="EngineOptions.PrefillChunkTokens"/>. Default 128.</summary>
    public int PrefillChunkTokens { get; init; } = 128;

    /// <summary><see cref="EngineOptions.MaxRunningSequences"/>. Default 32.</summary>
    public int MaxRunningSequences { get; init; } = 32;

    /// <summary>Prefix cache: the shared prefix (2000 tokens), the distinct suffix after it (16), measured and warm-up rounds (5, 1).</summary>
    public int PrefixTokens { get; init; } = 2000;

    public int SuffixTokens { get; init; } = 16;

    public int PrefixRounds { get; init; } = 5;

    public int WarmupRounds { get; init; } = 1;

    /// <summary>Concurrency: the sequence counts (1, 2, 4, 8, 16, 32), each sequence's prompt (32) and generated tokens (32), rounds per count (1).</summary>
    public IReadOnlyList<int> ConcurrencyLevels { get; init; } = [1, 2, 4, 8, 16, 32];

    public int ConcurrencyPromptTokens { get; init; } = 32;

    public int DecodeTokens { get; init; } = 32;

    public int ConcurrencyRounds { get; init; } = 1;

    /// <summary>
    /// Interference: interactive requests (20) arriving every <see cref="InteractiveInterval"/> (1 s, so that an idle
    /// engine on a 110M model and two cores answers one before the next arrives), each of
    /// <see cref="InteractivePromptTokens"/> (64) generating <see cref="InteractiveMaxTokens"/> (8).
    /// </summary>
    public int InteractiveRequests { get; init; } = 20;

    public TimeSpan InteractiveInterval { get; init; } = TimeSpan.FromMilliseconds(1000);

    public int InteractivePromptTokens { get; init; } = 64;

    public int InteractiveMaxTokens { get; init; } = 8;

    /// <summary>The batch load: this many clients (0, the default, means twice <see cref="MaxRunningSequences"/>), each
    /// submitting batch requests of <see cref="BatchPromptTokens"/> (128) generating <see cref="BatchMaxTokens"/> (64), one after another.</summary>
    public int BatchClients { get; init; }

    public int BatchPromptTokens { get; init; } = 128;

    public int BatchMaxTokens { get; init; } = 64;

    /// <summary>Chat: conversations (10) of turns (8); each turn adds a user message (32 tokens) and an answer (16).</summary>
    public int Conversations { get; init; } = 10;

    public int Turns { get; init; } = 8;

    public int UserTokens { get; init; } = 32;

    public int AnswerTokens { get; init; } = 16;

    /// <summary>The batch load's clients after the default.</summary>
    public int EffectiveBatchClients => BatchClients > 0 ? BatchClients : 2 * MaxRunningSequences;

    /// <summary>The options of every engine the benchmarks build.</summary>
    public EngineOptions Engine() => new()
    {
        KvCache = new KvCacheOptions { MemoryBudgetBytes = KvBudgetBytes },
        MaxBatchTokens = MaxBatchTokens,
        PrefillChunkTokens = PrefillChunkTokens,
        MaxRunningSequences = MaxRunningSequences,
        MaxWaitingSequences = Math.Max(256, EffectiveBatchClients + InteractiveRequests + Conversations),
        ModelName = "bench",
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a count that cannot work.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(PrefixTokens, 1, nameof(PrefixTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(SuffixTokens, 1, nameof(SuffixTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(PrefixRounds, 1, nameof(PrefixRounds));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRounds, nameof(WarmupRounds));
        ArgumentNullException.ThrowIfNull(ConcurrencyLevels, nameof(ConcurrencyLevels));
        if (ConcurrencyLevels.Count == 0 || ConcurrencyLevels.Any(n => n < 1 || n > MaxRunningSequences))
            throw new ArgumentOutOfRangeException(nameof(ConcurrencyLevels), $"Give 1 to {MaxRunningSequences} sequences per level.");
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrencyPromptTokens, 1, nameof(ConcurrencyPromptTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(DecodeTokens, 2, nameof(DecodeTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrencyRounds, 1, nameof(ConcurrencyRounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(InteractiveRequests, 1, nameof(InteractiveRequests));
        ArgumentOutOfRangeException.ThrowIfLessThan(InteractiveInterval, TimeSpan.Zero, nameof(InteractiveInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(InteractivePromptTokens, 1, nameof(InteractivePromptTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(InteractiveMaxTokens, 1, nameof(InteractiveMaxTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(BatchClients, nameof(BatchClients));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchPromptTokens, 1, nameof(BatchPromptTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchMaxTokens, 1, nameof(BatchMaxTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(Conversations, 1, nameof(Conversations));
        ArgumentOutOfRangeException.ThrowIfLessThan(Turns, 1, nameof(Turns));
        ArgumentOutOfRangeException.ThrowIfLessThan(UserTokens, 1, nameof(UserTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(AnswerTokens, 1, nameof(AnswerTokens));
        Engine().Validate();
    }
}
