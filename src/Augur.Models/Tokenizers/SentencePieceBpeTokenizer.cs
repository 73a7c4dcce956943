namespace Augur.Models.Tokenizers;

/// <summary>
/// SentencePiece BPE tokenizer (Llama 2, Mistral v0.1, TinyLlama, stories260K's tok512), following llama.cpp's
/// <c>LLAMA_VOCAB_TYPE_SPM</c> path. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// No text normalization is applied: the Llama-family models use SentencePiece's "identity" normalizer.
/// All <c>Encode</c> overloads funnel into one core; ids are plain <see cref="int"/>s (see <see cref="TokenId"/>).
/// </remarks>
public sealed partial class SentencePieceBpeTokenizer : ITokenizer
{
    private SentencePieceBpeTokenizer(Vocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        SplitsAtSpaces = NoPieceHasInnerSpace(vocabulary);
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>
    /// Whether no mergeable piece holds a <c>▁</c> right after a char other than <c>▁</c> (true of Llama 2 and
    /// Mistral): then text can be merged word by word (see <see cref="SpmEncoder.EncodeFragment"/>).
    /// </summary>
    internal bool SplitsAtSpaces { get; }

    public static SentencePieceBpeTokenizer Create(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new SentencePieceBpeTokenizer(vocabulary);
    }

    /// <summary>Encodes with the vocabulary's defaults (BOS if <see cref="Vocabulary.AddBos"/>, no special parsing).</summary>
    public int[] Encode(string text) => Encode(text, default(EncodeSettings));

    public int[] Encode(string text, EncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode(text.AsSpan(), settings);
    }

    public int[] Encode(ReadOnlySpan<char> text, EncodeSettings settings)
    {
        SpmEncoder encoder = SpmEncoder.Rent();
        try
        {
            EncodeCore(encoder, text, settings, encoder.Output);
            return [.. encoder.Output];
        }
        finally
        {
            SpmEncoder.Return(encoder);
        }
    }

    /// <summary>Encodes and appends the ids to <paramref name="destination"/> (nothing else is allocated once warm).</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> destination, EncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(destination);
        SpmEncoder encoder = SpmEncoder.Rent();
        try
        {
            EncodeCore(encoder, text, settings, destination);
        }
        finally
        {
            SpmEncoder.Return(encoder);
        }
    }

    /// <summary>Creates a detokenizer for one sequence; reuse it across sequences with <see cref="StreamingDetokenizer.Reset"/>.</summary>
    public StreamingDetokenizer CreateDetokenizer() => new(Vocabulary);

    ITextDetokenizer ITokenizer.CreateDetokenizer() => CreateDetokenizer();

    private void EncodeCore(SpmEncoder encoder, ReadOnlySpan<char> text, in EncodeSettings settings, List<int> output)
    {
        encoder.Cache.Bind(this);
        Vocabulary vocabulary = Vocabulary;
        if (settings.AddBos ?? vocabulary.AddBos)
            output.Add(vocabulary.Bos);

        // :: Step 1 — cut special tokens out of the text (llama.cpp's tokenizer_st_partition).
        List<SpmEncoder.Fragment> fragments = encoder.Fragments;
        fragments.Clear();
        if (!text.IsEmpty)
            fragments.Add(new SpmEncoder.Fragment(0, text.Length, -1));
        Partition(text, settings.ParseSpecial ? vocabulary.SpecialIdsByLength : vocabulary.UserDefinedIdsByLength, fragments);

        // :: Step 2 — BPE each text fragment. As in llama.cpp, the dummy-prefix space goes before the first fragment
        // and before any fragment that follows a special token.
        bool previousIsSpecial = true;
        foreach (SpmEncoder.Fragment fragment in fragments)
        {
            if (fragment.TokenId >= 0)
            {
                output.Add(fragment.TokenId);
                previousIsSpecial = true;
                continue;
            }

            bool addSpacePrefix = vocabulary.AddSpacePrefix && previousIsSpecial;
            encoder.EncodeFragment(this, text.Slice(fragment.Start, fragment.Length), addSpacePrefix, output);
            previousIsSpecial = false;
        }

        if (settings.AddEos ?? vocabulary.AddEos)
            output.Add(vocabulary.Eos);
    }

    /// <summary>
    /// Splits every raw fragment on each special piece in turn, longest piece first, so a longer special token wins
    /// over a shorter one it contains.
    /// </summary>
    private void Partition(ReadOnlySpan<char> text, int[] specialIds, List<SpmEncoder.Fragment> fragments)
    {
        ReadOnlySpan<string> pieces = Vocabulary.Pieces;
        foreach (int id in specialIds)
        {
            string piece = pieces[id];
            for (int f = 0; f < fragments.Count; f++)
            {
                SpmEncoder.Fragment raw = fragments[f];
                if (raw.TokenId >= 0)
                    continue;
                int found = text.Slice(raw.Start, raw.Length).IndexOf(piece, StringComparison.Ordinal);
                if (found < 0)
                    continue;

                // Replace the fragment by [before] [special] [after]; the loop goes on with [after].
                int start = raw.Start + found;
                int end = start + piece.Length;
                fragments.RemoveAt(f);
                if (found > 0)
                    fragments.Insert(f++, new SpmEncoder.Fragment(raw.Start, found, -1));
                fragments.Insert(f, new SpmEncoder.Fragment(start, piece.Length, id));
                int rest = raw.Start + raw.Length - end;
                if (rest > 0)
                    fragments.Insert(f + 1, new SpmEncoder.Fragment(end, rest, -1));
            }
        }
    }

    private static bool NoPieceHasInnerSpace(Vocabulary vocabulary)
    {
        ReadOnlySpan<string> pieces = vocabulary.Pieces;
        ReadOnlySpan<TokenKind> kinds = vocabulary.Kinds;
        for (int id = 0; id < pieces.Length; id++)
        {
            if (kinds[id] is not (TokenKind.Normal or TokenKind.UserDefined))
                continue;
            string piece = pieces[id];
            for (int at = piece.IndexOf(Vocabulary.SpaceSymbol, 1); at > 0; at = piece.IndexOf(Vocabulary.SpaceSymbol, at + 1))
            {
                if (piece[at - 1] != Vocabulary.SpaceSymbol)
                    return false;
            }
        }

        return true;
    }
}
