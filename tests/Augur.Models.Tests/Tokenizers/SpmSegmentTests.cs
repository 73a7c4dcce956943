namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// SentencePiece text is merged word by word (<see cref="SentencePieceBpeTokenizer.SplitsAtSpaces"/>) only where the
/// vocabulary guarantees the same result as merging it whole (<see cref="SentencePieceDifferentialTests"/> checks
/// Llama 2 against Microsoft.ML.Tokenizers on long texts).
/// </summary>
public sealed class SpmSegmentTests
{
    [Fact]
    public void Llama2_SplitsAtSpaces()
    {
        Assert.True(TestTokenizers.Llama2.SplitsAtSpaces);
    }

    [Fact]
    public void PieceWithSpaceInside_IsMergedAcrossTheSpace()
    {
        // "▁a▁b": ▁b merges first, then a + ▁b forms "a▁b", a piece that spans the space.
        Vocabulary vocabulary = TinyVocabulary.Normal(("\u2581", -1), ("a", -1), ("b", -1), ("\u2581b", -2), ("a\u2581b", -3));
        var tokenizer = SentencePieceBpeTokenizer.Create(vocabulary);

        int[] ids = tokenizer.Encode("a b", EncodeSettings.TextOnly);

        Assert.False(tokenizer.SplitsAtSpaces);
        Assert.Equal(TinyVocabulary.IdsOf(vocabulary, "\u2581", "a\u2581b"), ids);
    }

    [Fact]
    public void PiecesOfSpacesOnly_StillSplit()
    {
        Vocabulary vocabulary = TinyVocabulary.Normal(("\u2581", -1), ("\u2581\u2581", -2), ("a", -1), ("\u2581a", -3), ("\u2581\u2581a", -4));
        var tokenizer = SentencePieceBpeTokenizer.Create(vocabulary);

        int[] ids = tokenizer.Encode("a  a", EncodeSettings.TextOnly);

        Assert.True(tokenizer.SplitsAtSpaces);
        Assert.Equal(TinyVocabulary.IdsOf(vocabulary, "\u2581a", "\u2581\u2581a"), ids);
    }
}
