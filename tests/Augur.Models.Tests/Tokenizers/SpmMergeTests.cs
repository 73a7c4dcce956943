namespace Augur.Models.Tokenizers.Tests;

/// <summary>The merge rules on hand-made vocabularies, with expectations worked out by hand.</summary>
public sealed class SpmMergeTests
{
    private static int[] Encode(Vocabulary vocabulary, string text) =>
        SentencePieceBpeTokenizer.Create(vocabulary).Encode(text, EncodeSettings.TextOnly);

    [Fact]
    public void Encode_HigherScoredPairMergesFirst()
    {
        // "▁abc": pairs ab (-1) and bc (-2); ab wins, then "abc" is not a piece.
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("a", 0), ("b", 0), ("c", 0), ("ab", -1), ("bc", -2));
        Assert.Equal(TinyVocabulary.IdsOf(v, "▁", "ab", "c"), Encode(v, "abc"));

        Vocabulary w = TinyVocabulary.Normal(("▁", 0), ("a", 0), ("b", 0), ("c", 0), ("ab", -1), ("bc", -0.5f));
        Assert.Equal(TinyVocabulary.IdsOf(w, "▁", "a", "bc"), Encode(w, "abc"));
    }

    [Fact]
    public void Encode_EqualScores_LeftmostPairMergesFirst()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("a", 0), ("b", 0), ("c", 0), ("bc", -1), ("ab", -1));
        Assert.Equal(TinyVocabulary.IdsOf(v, "▁", "ab", "c"), Encode(v, "abc"));

        // "aaa": pairs (0,1) and (1,2) tie; the left one merges, the right one goes stale.
        Vocabulary w = TinyVocabulary.Normal(("▁", 0), ("a", 0), ("aa", -1));
        Assert.Equal(TinyVocabulary.IdsOf(w, "▁", "aa", "a"), Encode(w, "aaa"));
    }

    [Fact]
    public void Encode_MergesChainIntoLongerPieces()
    {
        // ▁h (-1), then ▁h+i = ▁hi (-3) beats nothing else; "!" stays alone.
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("h", 0), ("i", 0), ("!", 0), ("▁h", -1), ("▁hi", -3), ("i!", -4));
        Assert.Equal(TinyVocabulary.IdsOf(v, "▁hi", "!"), Encode(v, "hi!"));
    }

    [Fact]
    public void Encode_SpacesBecomeSpaceSymbol()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("a", 0), ("▁a", -1));
        Assert.Equal(TinyVocabulary.IdsOf(v, "▁a", "▁a", "▁"), Encode(v, "a a "));
    }

    [Fact]
    public void Encode_NoSpacePrefixVocabulary_DoesNotPrependSpace()
    {
        Vocabulary v = TinyVocabulary.Create(withBytes: true, addSpacePrefix: false, ("▁", TokenKind.Normal, 0), ("a", TokenKind.Normal, 0));
        Assert.Equal(TinyVocabulary.IdsOf(v, "a", "▁", "a"), Encode(v, "a a"));
    }

    [Fact]
    public void Encode_CharacterNotInVocabulary_FallsBackToUtf8ByteTokens()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0));
        int b = TinyVocabulary.FirstByteId;

        Assert.Equal(new[] { TinyVocabulary.IdOf(v, "▁"), b + 0xC3, b + 0xA9 }, Encode(v, "é"));
        Assert.Equal(new[] { TinyVocabulary.IdOf(v, "▁"), b + 0xF0, b + 0x9F, b + 0x98, b + 0x80 }, Encode(v, "😀"));
        Assert.Equal(new[] { TinyVocabulary.IdOf(v, "▁"), b + 0xEF, b + 0xBF, b + 0xBD }, Encode(v, "\uD800")); // lone surrogate = U+FFFD
    }

    [Fact]
    public void Encode_NoByteTokens_EachUnknownCharacterIsOneUnk()
    {
        Vocabulary v = TinyVocabulary.Create(withBytes: false, addSpacePrefix: true, ("▁", TokenKind.Normal, 0), ("a", TokenKind.Normal, 0));
        int space = TinyVocabulary.IdOf(v, "▁");
        int a = TinyVocabulary.IdOf(v, "a");

        Assert.Equal(new[] { space, 0, a, 0 }, Encode(v, "éa😀"));
    }

    [Fact]
    public void Encode_ControlPieceIsNeverFormedByMerges()
    {
        // llama.cpp would merge "<s" + ">" into the control token <s> (id 1); SentencePiece never does.
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("<", 0), ("s", 0), (">", 0), ("<s", -1));
        Assert.Equal(TinyVocabulary.IdsOf(v, "▁", "<s", ">"), Encode(v, "<s>"));
    }

    [Fact]
    public void Encode_BytePieceTextIsNotAByteToken()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0));
        int b = TinyVocabulary.FirstByteId;

        int[] ids = Encode(v, "<0x41>");

        Assert.DoesNotContain(b + 0x41, ids);
        Assert.Equal(new[] { TinyVocabulary.IdOf(v, "▁"), b + '<', b + '0', b + 'x', b + '4', b + '1', b + '>' }, ids);
    }
}
