namespace Augur.Engine;

/// <summary>A snapshot of an engine's state and totals since it started, taken at the end of a step.</summary>
public sealed record EngineStatistics
{
    public int RunningSequences { get; init; }

    public int WaitingSequences { get; init; }

    public int KvBlocksUsed { get; init; }

    public int KvBlocksFree { get; init; }

    public int KvBlocksTotal { get; init; }

    /// <summary>Blocks published to the prefix cache, in use or not.</summary>
    public int KvBlocksCached { get; init; }

    /// <summary>Prompt tokens looked up in the prefix cache (at each sequence's first admission).</summary>
    public long PrefixQueryTokens { get; init; }

    /// <summary>Prompt tokens found in the prefix cache.</summary>
    public long PrefixHitTokens { get; init; }

    /// <summary>Hits over queries; 0 before the first query.</summary>
    public double PrefixHitRate => PrefixQueryTokens == 0 ? 0 : (double)PrefixHitTokens / PrefixQueryTokens;

    /// <summary>Cached blocks reused for other contents.</summary>
    public long PrefixEvictions { get; init; }

    public long Preemptions { get; init; }

    /// <summary>Tokens run through the model as prompt (or recompute) and as decode steps.</summary>
    public long PrefillTokens { get; init; }

    public long DecodeTokens { get; init; }

    public long Steps { get; init; }

    /// <summary>Rates over the last few seconds of steps.</summary>
    public double PrefillTokensPerSecond { get; init; }

    public double DecodeTokensPerSecond { get; init; }
}
