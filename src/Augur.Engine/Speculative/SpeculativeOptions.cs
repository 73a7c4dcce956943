namespace Augur.Engine.Speculative;

/// <summary>How a model, or one request, speculates.</summary>
public sealed record SpeculativeOptions
{
    /// <summary>The most draft tokens one step may verify; the limit on <see cref="MaxDraftTokens"/>.</summary>
    public const int DraftTokensLimit = 16;

    /// <summary>Speculation off.</summary>
    public static SpeculativeOptions Off { get; } = new() { Method = SpeculativeMethod.None };

    /// <summary>Default <see cref="SpeculativeMethod.None"/>.</summary>
    public SpeculativeMethod Method { get; init; } = SpeculativeMethod.None;

    /// <summary>Most draft tokens per step, 1 to <see cref="DraftTokensLimit"/>. Default 4.</summary>
    public int MaxDraftTokens { get; init; } = 4;

    /// <summary>
    /// Let each sequence's draft length follow its measured acceptance and the measured step costs (down to no draft
    /// when it does not pay, as in a large batch); otherwise always draft <see cref="MaxDraftTokens"/>. Default true.
    /// </summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>Longest suffix n-gram prompt lookup matches (it tries this length first, down to 1). Default 3.</summary>
    public int NgramMaxLength { get; init; } = 3;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on an option out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Method))
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Not a speculative method.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDraftTokens, 1, nameof(MaxDraftTokens));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDraftTokens, DraftTokensLimit, nameof(MaxDraftTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(NgramMaxLength, 1, nameof(NgramMaxLength));
    }
}
