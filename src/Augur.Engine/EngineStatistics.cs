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

    /// <summary>Draft tokens proposed and verified, and those the target accepted.</summary>
    public long DraftedTokens { get; init; }

    public long AcceptedDraftTokens { get; init; }

    /// <summary>Verifications of a non-empty draft.</summary>
    public long DraftRounds { get; init; }

    /// <summary>Verifications that ended in a rejected draft token (the others accepted their whole draft).</summary>
    public long DraftRejections { get; init; }

    /// <summary>
    /// The per-token acceptance rate α of Leviathan et al.: accepted over judged draft tokens (a rejection ends a
    /// round, so the positions after it are not judged). 0 before the first draft.
    /// </summary>
    public double DraftTokenAcceptance => AcceptedDraftTokens + DraftRejections == 0 ? 0 : (double)AcceptedDraftTokens / (AcceptedDraftTokens + DraftRejections);

    /// <summary>Seconds spent drafting, and in the target's forward passes.</summary>
    public double DraftSeconds { get; init; }

    public double ForwardSeconds { get; init; }

    /// <summary>Accepted over drafted tokens; 0 before the first draft.</summary>
    public double DraftAcceptanceRate => DraftedTokens == 0 ? 0 : (double)AcceptedDraftTokens / DraftedTokens;

    /// <summary>Tokens emitted per verification: the accepted drafts plus the one the target adds.</summary>
    public double MeanAcceptedLength => DraftRounds == 0 ? 0 : (double)(AcceptedDraftTokens + DraftRounds) / DraftRounds;

    /// <summary>Rates over the last few seconds of steps.</summary>
    public double PrefillTokensPerSecond { get; init; }

    public double DecodeTokensPerSecond { get; init; }
}
