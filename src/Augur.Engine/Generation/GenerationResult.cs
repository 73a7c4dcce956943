namespace Augur.Engine.Generation;

/// <summary>How one generation ended, with its token counts and timings.</summary>
/// <param name="FinishReason">Why it stopped.</param>
/// <param name="PromptTokens">Tokens in the encoded prompt, BOS included.</param>
/// <param name="CompletionTokens">Tokens generated.</param>
/// <param name="PrefillTime">Time to process the prompt and produce the first logits.</param>
/// <param name="DecodeTime">Time from the first logits to the last generated token.</param>
public sealed record GenerationResult(
    FinishReason FinishReason, int PromptTokens, int CompletionTokens, TimeSpan PrefillTime, TimeSpan DecodeTime)
{
    /// <summary>Prompt tokens per second of prefill.</summary>
    public double PrefillTokensPerSecond => PromptTokens / Math.Max(PrefillTime.TotalSeconds, 1e-9);

    /// <summary>Generated tokens per second of decoding. The first token comes from the prefill's logits, so decoding
    /// ran <c>CompletionTokens − 1</c> forward passes.</summary>
    public double DecodeTokensPerSecond => Math.Max(CompletionTokens - 1, 0) / Math.Max(DecodeTime.TotalSeconds, 1e-9);
}
