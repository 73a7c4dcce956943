namespace Augur.Engine.Requests;

/// <summary>What a submitted sequence reports: <see cref="GenerationDelta"/>s, then one <see cref="GenerationCompleted"/>.</summary>
public abstract record GenerationEvent;

/// <summary>
/// New output: the tokens sampled in one step and the text they complete. The text is whole UTF-8 and never holds
/// the start of a stop string that may still complete; it can be empty while such text is held back.
/// </summary>
/// <param name="Text">The new text.</param>
/// <param name="Tokens">The tokens sampled.</param>
/// <param name="Logprobs">
/// When the request asked for them (<see cref="GenerationRequest.Logprobs"/>), the natural log of each token's
/// probability under the model's own distribution (the softmax of the raw logits, before penalties and temperature);
/// otherwise null.
/// </param>
public sealed record GenerationDelta(string Text, IReadOnlyList<int> Tokens, IReadOnlyList<float>? Logprobs = null) : GenerationEvent;

/// <summary>The last event of a sequence: why it stopped, and its usage.</summary>
/// <param name="FinishReason">Why the sequence stopped.</param>
/// <param name="Usage">Token counts and timings.</param>
/// <param name="StopSequence">The stop string that ended it, when one did.</param>
/// <param name="Error">What went wrong, when <paramref name="FinishReason"/> is <see cref="FinishReason.Error"/>.</param>
public sealed record GenerationCompleted(FinishReason FinishReason, GenerationUsage Usage, string? StopSequence = null, string? Error = null)
    : GenerationEvent;
