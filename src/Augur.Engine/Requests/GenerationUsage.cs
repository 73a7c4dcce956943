namespace Augur.Engine.Requests;

/// <summary>What one sequence used.</summary>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="CachedPromptTokens">Prompt tokens whose keys and values came from the prefix cache at first admission.</param>
/// <param name="CompletionTokens">Tokens generated (a stopping end-of-generation token included).</param>
/// <param name="QueueTime">From submission to first admission.</param>
/// <param name="TimeToFirstToken">From submission to the first generated token; zero when none was generated.</param>
/// <param name="DecodeTime">From the first generated token to the last.</param>
/// <param name="Preemptions">Times the sequence was preempted and later recomputed.</param>
/// <param name="SubmissionOrder">The engine's count of submissions when this one was queued (1 for its first): the order requests arrived in.</param>
/// <param name="AdmissionOrder">The engine's count of admissions at this sequence's first one (0 when never admitted): the order the scheduler let them in, which shows priorities at work.</param>
/// <param name="DraftedTokens">Draft tokens proposed for this sequence and verified (0 without speculation).</param>
/// <param name="AcceptedDraftTokens">Those of <paramref name="DraftedTokens"/> the target accepted.</param>
public sealed record GenerationUsage(
    int PromptTokens,
    int CachedPromptTokens,
    int CompletionTokens,
    TimeSpan QueueTime,
    TimeSpan TimeToFirstToken,
    TimeSpan DecodeTime,
    int Preemptions,
    long SubmissionOrder = 0,
    long AdmissionOrder = 0,
    int DraftedTokens = 0,
    int AcceptedDraftTokens = 0);
