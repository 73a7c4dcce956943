using Augur.Engine.Scheduling;
using Augur.Engine.Speculative;

namespace Augur.Bench.Speculative;

/// <summary>
/// A benchmark-only drafter of controlled acceptance: it knows the target's own greedy continuation of the prompt (from
/// a plain run) and proposes its next tokens, each replaced, with probability 1 − <see cref="Acceptance"/>, by another
/// token drawn uniformly from the vocabulary (seeded). Under greedy verification each draft position is then accepted
/// with probability <see cref="Acceptance"/>, independently: Leviathan et al.'s α, set rather than measured. It costs
/// next to nothing, so its cost ratio c is about 0. It takes the place of the engine's lookup drafter and serves
/// <see cref="SpeculativeMethod.Ngram"/> requests.
/// </summary>
internal sealed class ReplayDrafter : IDrafter
{
    private readonly int[] _reference;
    private readonly int _vocabSize;
    private readonly Random _random;

    /// <param name="reference">The prompt followed by the target's greedy continuation of it.</param>
    /// <param name="vocabSize">Tokens a replacement is drawn from (ids 0 to vocabSize − 1), at least 2.</param>
    /// <param name="acceptance">Probability that a draft token is the true one, in [0, 1].</param>
    /// <param name="seed">Seed of the corruption.</param>
    public ReplayDrafter(IReadOnlyList<int> reference, int vocabSize, double acceptance, int seed)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(acceptance, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(acceptance, 1.0);
        _reference = [.. reference];
        _vocabSize = vocabSize;
        Acceptance = acceptance;
        _random = new Random(seed);
    }

    /// <summary>The chosen per-token acceptance α.</summary>
    public double Acceptance { get; }

    /// <summary>Draft tokens proposed, and those of them replaced by another token.</summary>
    public long Proposed { get; private set; }

    public long Corrupted { get; private set; }

    /// <summary>Times a sequence had left the reference (its tokens were no longer a prefix of it), so nothing was drafted.</summary>
    public long Divergences { get; private set; }

    public SpeculativeMethod Method => SpeculativeMethod.Ngram;

    public void Propose(IReadOnlyList<Sequence> sequences)
    {
        foreach (Sequence s in sequences)
        {
            DraftState draft = s.Draft!;
            draft.HasDistributions = false;
            draft.Count = Propose(s.Tokens, draft.Tokens.AsSpan(0, draft.Limit));
        }
    }

    /// <summary>Fills <paramref name="draft"/> with the (corrupted) reference tokens that follow <paramref name="tokens"/>; returns how many.</summary>
    internal int Propose(ReadOnlySpan<int> tokens, Span<int> draft)
    {
        int at = tokens.Length;
        if (at > _reference.Length || !tokens.SequenceEqual(_reference.AsSpan(0, at)))
        {
            Divergences++;
            return 0;
        }
        int count = Math.Min(draft.Length, _reference.Length - at);
        for (int i = 0; i < count; i++)
        {
            int truth = _reference[at + i];
            if (_random.NextDouble() < Acceptance)
            {
                draft[i] = truth;
                continue;
            }
            int other = _random.Next(_vocabSize - 1);
            draft[i] = other >= truth ? other + 1 : other; // uniform over every id but the true one
            Corrupted++;
        }
        Proposed += count;
        return count;
    }

    public void Rewind(Sequence sequence)
    {
    }

    public void Release(Sequence sequence)
    {
    }

    public void Dispose()
    {
    }
}
