namespace Augur.Bench.Speculative;

/// <summary>What <see cref="SpeculativeBenchmark"/> measured: the plain baselines and one result per drafter.</summary>
/// <param name="Model">The target.</param>
/// <param name="Machine">The machine, with the load before and after.</param>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="Options">The counts and threads of the run.</param>
/// <param name="Plain">Our plain greedy decode of the target (batch 1), tokens per second over the measured rounds.</param>
/// <param name="LlamaCpp">llama.cpp's plain greedy decode of the same file in the same rounds; null when it did not run.</param>
/// <param name="LlamaCppDescription">What llama.cpp ran, in words; null when it did not run.</param>
/// <param name="Drafters">One result per drafter, in the order they ran.</param>
/// <param name="Samples">Every measured run, in order: plain, llama.cpp, then each drafter, round after round.</param>
public sealed record SpeculativeReport(
    ModelSummary Model,
    MachineSummary Machine,
    int PromptTokens,
    SpeculativeBenchmarkOptions Options,
    RateSummary Plain,
    RateSummary? LlamaCpp,
    string? LlamaCppDescription,
    IReadOnlyList<DrafterResult> Drafters,
    IReadOnlyList<DecodeSample> Samples);

/// <summary>One drafter against plain decoding, with Leviathan et al.'s prediction beside the measurement.</summary>
/// <param name="Name">The drafter's label.</param>
/// <param name="Kind">What drafted.</param>
/// <param name="DraftModel">The draft model's file; null for the others.</param>
/// <param name="RequestedAcceptance">The replay drafter's chosen α; null for the others.</param>
/// <param name="DraftTokens">The draft length γ of the formula: the fixed length, or with <paramref name="Adaptive"/> the mean drafted per round.</param>
/// <param name="Adaptive">Whether the engine's policy chose the draft lengths.</param>
/// <param name="Speculative">Speculative decode, tokens per second over the measured rounds.</param>
/// <param name="Speedup">Median over the measured rounds of speculative over plain tokens per second of the same round.</param>
/// <param name="Acceptance">Measured per-token acceptance α: accepted over judged draft tokens, all measured rounds.</param>
/// <param name="CostRatio">c: drafting seconds per draft token over the plain decode's seconds per token (median over rounds, each against its own round's plain decode).</param>
/// <param name="VerifyCostRatio">
/// The target's pass over the decode token and γ drafts, in seconds per speculative step, over the plain pass's seconds
/// per step. Leviathan's formula takes it as 1 (a memory-bound target verifies γ + 1 tokens for the price of one).
/// </param>
/// <param name="TokensPerRound">Measured tokens emitted per verification (accepted drafts plus the target's own).</param>
/// <param name="PredictedSpeedup">(1 − α^(γ+1)) / ((1 − α)(γc + 1)) with the measured α and c.</param>
/// <param name="PredictedWithVerifyCost">The same with the measured verification cost: (1 − α^(γ+1)) / ((1 − α)(γc + v)).</param>
/// <param name="OutputsIdentical">Whether every speculative run produced exactly the plain run's tokens (greedy is lossless).</param>
public sealed record DrafterResult(
    string Name,
    DrafterKind Kind,
    string? DraftModel,
    double? RequestedAcceptance,
    double DraftTokens,
    bool Adaptive,
    RateSummary Speculative,
    double Speedup,
    double Acceptance,
    double CostRatio,
    double VerifyCostRatio,
    double TokensPerRound,
    double PredictedSpeedup,
    double PredictedWithVerifyCost,
    bool OutputsIdentical)
{
    /// <summary>Measured over predicted speedup (the target is at least 0.9).</summary>
    public double MeasuredOverPredicted => Speedup / PredictedSpeedup;
}

/// <summary>One timed greedy decode.</summary>
/// <param name="Engine"><c>augur</c> or <c>llama.cpp</c>.</param>
/// <param name="Drafter">The drafter's name; null for a plain decode.</param>
/// <param name="Round">1-based measured round.</param>
/// <param name="Tokens">Tokens generated in the timed part (all but the first, which the prefill gives).</param>
/// <param name="Seconds">Wall-clock time of the timed part.</param>
/// <param name="Steps">Engine steps of the timed part (llama.cpp: one per token).</param>
/// <param name="Drafted">Draft tokens verified.</param>
/// <param name="Accepted">Draft tokens accepted.</param>
/// <param name="Rounds">Verifications of a non-empty draft.</param>
/// <param name="Rejections">Verifications that rejected a draft token.</param>
/// <param name="DraftSeconds">Seconds spent drafting.</param>
/// <param name="ForwardSeconds">Seconds in the target's forward passes.</param>
/// <param name="MatchesPlain">Whether the output equals the plain decode's (always true for a plain decode).</param>
public sealed record DecodeSample(
    string Engine,
    string? Drafter,
    int Round,
    int Tokens,
    double Seconds,
    long Steps,
    long Drafted,
    long Accepted,
    long Rounds,
    long Rejections,
    double DraftSeconds,
    double ForwardSeconds,
    bool MatchesPlain)
{
    /// <summary>Tokens per second; infinite for a clock too coarse to see the work.</summary>
    public double Rate => Seconds > 0 ? Tokens / Seconds : double.PositiveInfinity;
}
