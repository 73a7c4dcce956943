using Augur.Engine.Scheduling;

namespace Augur.Engine.Speculative;

/// <summary>
/// Prompt lookup: the draft is what followed the latest earlier occurrence of the sequence's last n tokens in its own
/// prompt and output, trying the longest n first. Deterministic, so q is a point mass. No model, no state.
/// </summary>
internal sealed class NgramDrafter : IDrafter
{
    public SpeculativeMethod Method => SpeculativeMethod.Ngram;

    public void Propose(IReadOnlyList<Sequence> sequences)
    {
        foreach (Sequence s in sequences)
        {
            DraftState draft = s.Draft!;
            draft.HasDistributions = false;
            draft.Count = Lookup(s.Tokens, draft.Options.NgramMaxLength, draft.Tokens.AsSpan(0, draft.Limit));
        }
    }

    /// <summary>Copies into <paramref name="draft"/> the tokens after the latest earlier match of the longest suffix; returns how many.</summary>
    internal static int Lookup(ReadOnlySpan<int> tokens, int maxLength, Span<int> draft)
    {
        if (draft.IsEmpty)
            return 0;
        for (int n = Math.Min(maxLength, tokens.Length - 1); n >= 1; n--)
        {
            ReadOnlySpan<int> suffix = tokens[^n..];
            // The latest start before the suffix itself whose n tokens equal it and that has a follower.
            for (int start = tokens.Length - n - 1; start >= 0; start--)
            {
                if (tokens.Slice(start, n).SequenceEqual(suffix))
                {
                    ReadOnlySpan<int> following = tokens[(start + n)..];
                    int count = Math.Min(draft.Length, following.Length);
                    following[..count].CopyTo(draft);
                    return count;
                }
            }
        }
        return 0;
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
