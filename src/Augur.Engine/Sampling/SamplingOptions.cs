using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Augur.Engine.Sampling;

/// <summary>
/// How one sequence picks its next token. Every transform has a value that turns it off, and the defaults turn
/// all of them off except temperature 1: plain sampling from the model's distribution. The library does not
/// guess what a user wants; the CLI and the HTTP API choose their own defaults (for example temperature 0.6) and
/// pass them in. <see cref="Sampler"/> documents the order in which the transforms run.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Greedy decoding: temperature 0, every other option at its default.</summary>
    public static SamplingOptions Greedy { get; } = new() { Temperature = 0f };

    /// <summary>
    /// Divides the logits before the softmax. Unitless, finite, ≥ 0; default 1. 0 means greedy: the most likely
    /// token after penalties, lowest id on ties, without touching the random generator.
    /// </summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keeps only the <c>TopK</c> highest logits (ties: lower id first). A count ≥ 0; default 0 = off.
    /// A value at or above the vocabulary size is also off.</summary>
    public int TopK { get; init; }

    /// <summary>
    /// Nucleus sampling: keeps the smallest set of most probable tokens whose probabilities sum to at least
    /// <c>TopP</c> (always at least one token). A probability in (0, 1]; default 1 = off.
    /// </summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Drops tokens whose probability is below <c>MinP</c> times the largest probability.
    /// A fraction in [0, 1]; default 0 = off.</summary>
    public float MinP { get; init; }

    /// <summary>
    /// CTRL-style repetition penalty, as in llama.cpp: a token seen in the penalty window has a positive logit
    /// divided by this value and a zero or negative logit multiplied by it, once however often it was seen.
    /// A factor, finite and &gt; 0; default 1 = off. Values above 1 discourage repetition.
    /// </summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>OpenAI-style frequency penalty: subtracts <c>count × FrequencyPenalty</c> from the logit of a token
    /// seen <c>count</c> times in the penalty window. Logit units, any finite value; default 0 = off
    /// (OpenAI accepts [-2, 2]; enforcing that range is the API's job).</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>OpenAI-style presence penalty: subtracts <c>PresencePenalty</c> once from the logit of every token
    /// seen at least once in the penalty window. Logit units, any finite value; default 0 = off.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>How many of the most recent tokens the penalties look at. A token count ≥ 0, or -1 for the whole
    /// context; default 64 (llama.cpp's <c>repeat_last_n</c>). 0 turns all penalties off.</summary>
    public int PenaltyWindow { get; init; } = 64;

    /// <summary>Seed of the sampler's random generator; null (the default) takes a fresh seed from the operating
    /// system. The same seed, options and logits give the same tokens on every run.</summary>
    public ulong? Seed { get; init; }

    /// <summary>True when the penalties can change any logit.</summary>
    internal bool HasPenalties =>
        PenaltyWindow != 0 && (RepetitionPenalty != 1f || FrequencyPenalty != 0f || PresencePenalty != 0f);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        string? error = FindError(out string property, out object? value);
        if (error is not null)
            ThrowHelper.ThrowArgumentOutOfRange(property, value, error);
    }

    /// <summary>Checks every option without throwing; <paramref name="error"/> explains the first bad one.</summary>
    public bool TryValidate([NotNullWhen(false)] out string? error)
    {
        error = FindError(out _, out _);
        return error is null;
    }

    private string? FindError(out string property, out object? value)
    {
        (property, value) = (nameof(Temperature), Temperature);
        if (!(Temperature >= 0f) || float.IsPositiveInfinity(Temperature))
            return Message("Temperature must be finite and >= 0 (0 = greedy)", Temperature);

        (property, value) = (nameof(TopK), TopK);
        if (TopK < 0)
            return Message("TopK must be >= 0 (0 = off)", TopK);

        (property, value) = (nameof(TopP), TopP);
        if (!(TopP > 0f && TopP <= 1f))
            return Message("TopP must be in (0, 1] (1 = off)", TopP);

        (property, value) = (nameof(MinP), MinP);
        if (!(MinP >= 0f && MinP <= 1f))
            return Message("MinP must be in [0, 1] (0 = off)", MinP);

        (property, value) = (nameof(RepetitionPenalty), RepetitionPenalty);
        if (!(RepetitionPenalty > 0f) || float.IsPositiveInfinity(RepetitionPenalty))
            return Message("RepetitionPenalty must be finite and > 0 (1 = off)", RepetitionPenalty);

        (property, value) = (nameof(FrequencyPenalty), FrequencyPenalty);
        if (!float.IsFinite(FrequencyPenalty))
            return Message("FrequencyPenalty must be finite (0 = off)", FrequencyPenalty);

        (property, value) = (nameof(PresencePenalty), PresencePenalty);
        if (!float.IsFinite(PresencePenalty))
            return Message("PresencePenalty must be finite (0 = off)", PresencePenalty);

        (property, value) = (nameof(PenaltyWindow), PenaltyWindow);
        if (PenaltyWindow < -1)
            return Message("PenaltyWindow must be >= 0, or -1 for the whole context", PenaltyWindow);

        return null;
    }

    private static string Message(string rule, object value) =>
        string.Create(CultureInfo.InvariantCulture, $"{rule}; got {value}.");
}
