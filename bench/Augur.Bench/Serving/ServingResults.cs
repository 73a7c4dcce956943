namespace Augur.Bench.Serving;

/// <summary>
/// Prefix cache: time to first token (seconds) of requests whose <see cref="PrefixTokens"/>-token prefix was cached by
/// an earlier request, and of the same kind of request on a fresh prefix; one value per measured round.
/// <see cref="CachedPromptTokens"/> is the smallest count of prompt tokens a cached request found in the cache;
/// <see cref="Speedup"/> the uncached median over the cached median.
/// </summary>
public sealed record PrefixCacheResult(
    int PrefixTokens, int SuffixTokens, IReadOnlyList<double> UncachedSeconds, IReadOnlyList<double> CachedSeconds,
    double UncachedMedian, double CachedMedian, double Speedup, int CachedPromptTokens);

/// <summary>
/// One engine at one concurrency level: <see cref="DecodeTokensPerSecond"/> counts the decode steps in which every
/// sequence decoded and none prefilled (llama.cpp: every step, all sequences in one batch), median over the rounds;
/// <see cref="EndToEndTokensPerSecond"/> is all generated tokens over the wall time from submission to the last one
/// (ours only; null for llama.cpp, whose prefill runs one sequence at a time).
/// </summary>
public sealed record ConcurrencyPoint(string Engine, int Sequences, double DecodeTokensPerSecond, double? EndToEndTokensPerSecond, int DecodeSteps);

/// <summary>The concurrency sweep: every point of every engine that ran.</summary>
public sealed record ConcurrencyResult(int PromptTokens, int DecodeTokens, int Rounds, IReadOnlyList<ConcurrencyPoint> Points, string? LlamaCppDescription);

/// <summary>
/// Interference: time to first token of <see cref="Requests"/> interactive requests, alone and while
/// <see cref="BatchClients"/> clients keep batch requests running; the load's decode rate while they ran.
/// </summary>
public sealed record InterferenceResult(
    int Requests, double IntervalSeconds, int PromptTokens, int BatchClients, LatencySummary Alone, LatencySummary Loaded,
    double LoadDecodeTokensPerSecond, long LoadedPreemptions, int RunningAtStart);

/// <summary>
/// Multi-turn chat: prompt tokens looked up in the prefix cache, and found (the engine's counters), against the most
/// that could be found: per prompt, the tokens whose keys and values an earlier turn computed (the previous prompt and
/// its answer but the answer's last token, which is never fed back), rounded down to whole blocks.
/// </summary>
public sealed record ChatResult(
    int Conversations, int Turns, int UserTokens, int AnswerTokens, long PromptTokens, long HitTokens, long TheoreticalHitTokens,
    double HitRate, double TheoreticalHitRate, long Evictions, double FirstTurnTimeToFirstToken, double LaterTurnsTimeToFirstToken);

/// <summary>Everything one <c>augur bench-serve</c> run measured; a report that did not run is null.</summary>
public sealed record ServingReport(
    ModelSummary Model, MachineSummary Machine, ServingBenchmarkOptions Options,
    PrefixCacheResult? PrefixCache, ConcurrencyResult? Concurrency, InterferenceResult? Interference, ChatResult? Chat);
