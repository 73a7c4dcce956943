using Augur.Models.Tokenizers;

namespace Augur.Engine.Speculative;

/// <summary>A draft model must speak the target's vocabulary: the same tokens with the same ids, kinds and special ids.</summary>
public static class DraftVocabulary
{
    /// <summary>Null when <paramref name="draft"/> matches <paramref name="target"/>; otherwise the first difference, in words.</summary>
    public static string? FindDifference(Vocabulary target, Vocabulary draft)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(draft);
        if (target.Count != draft.Count)
            return $"the target has {target.Count} tokens, the draft {draft.Count}";
        if (target.Bos != draft.Bos || target.Eos != draft.Eos)
            return $"BOS/EOS differ: target {target.Bos.Value}/{target.Eos.Value}, draft {draft.Bos.Value}/{draft.Eos.Value}";
        for (int i = 0; i < target.Count; i++)
        {
            var id = new TokenId(i);
            if (!string.Equals(target.GetPiece(id), draft.GetPiece(id), StringComparison.Ordinal))
                return $"token {i} is '{target.GetPiece(id)}' in the target and '{draft.GetPiece(id)}' in the draft";
            if (target.GetKind(id) != draft.GetKind(id))
                return $"token {i} ('{target.GetPiece(id)}') is {target.GetKind(id)} in the target and {draft.GetKind(id)} in the draft";
        }
        return null;
    }
}
