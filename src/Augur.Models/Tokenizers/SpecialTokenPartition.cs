namespace Augur.Models.Tokenizers;

/// <summary>
/// Cuts special tokens out of the text before BPE (llama.cpp's <c>tokenizer_st_partition</c>): every raw fragment is
/// split on each special piece in turn, longest piece first, so a longer special token wins over a shorter one it holds.
/// </summary>
internal static class SpecialTokenPartition
{
    /// <param name="text">The whole input.</param>
    /// <param name="pieces">The vocabulary's pieces.</param>
    /// <param name="specialIds">The ids to match, longest piece first.</param>
    /// <param name="fragments">In: the raw fragments (<c>TokenId</c> -1). Out: raw fragments and matched tokens, in order.</param>
    public static void Split(ReadOnlySpan<char> text, ReadOnlySpan<string> pieces, int[] specialIds,
        List<(int Start, int Length, int TokenId)> fragments)
    {
        foreach (int id in specialIds)
        {
            string piece = pieces[id];
            for (int f = 0; f < fragments.Count; f++)
            {
                (int rawStart, int rawLength, int tokenId) = fragments[f];
                if (tokenId >= 0)
                    continue;
                int found = text.Slice(rawStart, rawLength).IndexOf(piece, StringComparison.Ordinal);
                if (found < 0)
                    continue;

                // [before] [special] [after]; the loop goes on with [after].
                int start = rawStart + found;
                int end = start + piece.Length;
                fragments.RemoveAt(f);
                if (found > 0)
                    fragments.Insert(f++, (rawStart, found, -1));
                fragments.Insert(f, (start, piece.Length, id));
                int rest = rawStart + rawLength - end;
                if (rest > 0)
                    fragments.Insert(f + 1, (end, rest, -1));
            }
        }
    }
}
