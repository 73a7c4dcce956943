namespace Augur.Engine.Sampling;

public sealed partial class Sampler
{
    /// <summary>
    /// Step 1, in place: for each distinct token among the last <see cref="SamplingOptions.PenaltyWindow"/> of
    /// <paramref name="previousTokens"/>, seen <c>count</c> times there, the repetition penalty (positive logits
    /// divided, zero and negative multiplied; once, as in llama.cpp), then
    /// <c>logit −= count · frequency + presence</c> (OpenAI). O(window); the counts live in <c>_counts</c>, which is
    /// all zero again on return.
    /// </summary>
    internal void ApplyPenalties(Span<float> logits, ReadOnlySpan<int> previousTokens)
    {
        int window = _options.PenaltyWindow;
        ReadOnlySpan<int> recent = window < 0 || window >= previousTokens.Length
            ? previousTokens
            : previousTokens[^window..];

        // Validate first, so a bad id cannot leave counts behind.
        foreach (int token in recent)
        {
            if ((uint)token >= (uint)_vocabSize)
                ThrowHelper.ThrowTokenOutOfRange(nameof(previousTokens), token, _vocabSize);
        }

        int[] counts = _counts;
        foreach (int token in recent)
            counts[token]++;

        float repetition = _options.RepetitionPenalty;
        float frequency = _options.FrequencyPenalty;
        float presence = _options.PresencePenalty;
        foreach (int token in recent)
        {
            int count = counts[token];
            if (count == 0)
                continue; // already penalised at an earlier occurrence
            counts[token] = 0;

            float logit = logits[token];
            if (repetition != 1f)
                logit = logit <= 0f ? logit * repetition : logit / repetition;
            logits[token] = logit - (count * frequency + presence);
        }
    }
}
