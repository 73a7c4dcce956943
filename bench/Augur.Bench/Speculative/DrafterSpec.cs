using Augur.Engine.Speculative;

namespace Augur.Bench.Speculative;

/// <summary>Where a benchmarked drafter's tokens come from.</summary>
public enum DrafterKind
{
    /// <summary>A smaller model of the target's vocabulary (<see cref="DrafterSpec.Model"/>).</summary>
    DraftModel,

    /// <summary>The engine's n-gram prompt lookup.</summary>
    Ngram,

    /// <summary>The benchmark's <see cref="ReplayDrafter"/>: the target's own continuation, corrupted at rate 1 − α.</summary>
    Replay,
}

/// <summary>One drafter to benchmark against plain decoding.</summary>
/// <param name="Name">Its label in tables, JSON and charts, e.g. <c>q4_0</c> or <c>replay α=0.7 γ=4</c>.</param>
/// <param name="Kind">What drafts.</param>
/// <param name="DraftTokens">The draft length γ (with <paramref name="Adaptive"/>, the most the policy may choose), 1 to 16.</param>
/// <param name="Adaptive">Let the engine's policy choose each step's draft length; false (the default) drafts γ every step, as Leviathan's formula assumes.</param>
public sealed record DrafterSpec(string Name, DrafterKind Kind, int DraftTokens, bool Adaptive = false)
{
    /// <summary>The draft model, for <see cref="DrafterKind.DraftModel"/> (the caller keeps its weights open).</summary>
    public DraftModel? Model { get; init; }

    /// <summary>The draft model's file, for the report.</summary>
    public string? ModelPath { get; init; }

    /// <summary>The chosen per-token acceptance α, for <see cref="DrafterKind.Replay"/>.</summary>
    public double? ReplayAcceptance { get; init; }

    /// <summary>The engine options a request of this drafter speculates with.</summary>
    public SpeculativeOptions Speculation => new()
    {
        Method = Kind == DrafterKind.DraftModel ? SpeculativeMethod.DraftModel : SpeculativeMethod.Ngram,
        MaxDraftTokens = DraftTokens,
        Adaptive = Adaptive,
    };

    /// <summary>Throws <see cref="ArgumentException"/> when the fields do not fit the kind.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DraftTokens, 1, nameof(DraftTokens));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DraftTokens, SpeculativeOptions.DraftTokensLimit, nameof(DraftTokens));
        if (Kind == DrafterKind.DraftModel && Model is null)
            throw new ArgumentException($"Drafter '{Name}' drafts with a model but has none.");
        if (Kind == DrafterKind.Replay && ReplayAcceptance is not (>= 0 and <= 1))
            throw new ArgumentException($"Replay drafter '{Name}' needs an acceptance in [0, 1].");
    }
}
