namespace Augur.Models.Tokenizers.Tests;

public sealed class VocabularyTests
{
    private static readonly VocabularyOptions Options = new() { Unk = new(0), Bos = new(1), Eos = new(2) };

    private static readonly string[] Pieces = ["<unk>", "<s>", "</s>", "<0x41>", "▁a"];
    private static readonly float[] Scores = [0, 0, 0, 0, -1];
    private static readonly TokenKind[] Kinds = [TokenKind.Unknown, TokenKind.Control, TokenKind.Control, TokenKind.Byte, TokenKind.Normal];

    [Fact]
    public void Create_ValidArrays_ExposesPiecesScoresKindsAndSpecials()
    {
        Vocabulary v = Vocabulary.Create(Pieces, Scores, Kinds, Options);

        Assert.Equal(5, v.Count);
        Assert.Equal("▁a", v.GetPiece(new TokenId(4)));
        Assert.Equal(-1f, v.GetScore(new TokenId(4)));
        Assert.Equal(TokenKind.Byte, v.GetKind(new TokenId(3)));
        Assert.Equal(new TokenId(1), v.Bos);
        Assert.Equal(new TokenId(2), v.Eos);
        Assert.Equal(new TokenId(0), v.Unk);
        Assert.Null(v.Pad);
        Assert.True(v.AddBos);
        Assert.False(v.AddEos);
        Assert.True(v.AddSpacePrefix);
        Assert.False(v.HasByteFallback);
        Assert.True(v.TryGetId("<s>", out TokenId bos));
        Assert.Equal(1, (int)bos);
        Assert.False(v.TryGetId("zzz", out _));
    }

    [Fact]
    public void Create_ArraysAreCopied()
    {
        string[] pieces = (string[])Pieces.Clone();
        Vocabulary v = Vocabulary.Create(pieces, Scores, Kinds, Options);

        pieces[4] = "changed";

        Assert.Equal("▁a", v.GetPiece(new TokenId(4)));
    }

    [Fact]
    public void Create_DuplicatePiece_LastIdWinsLikeLlamaCpp()
    {
        Vocabulary v = Vocabulary.Create(
            ["<unk>", "<s>", "</s>", "x", "x"], [0, 0, 0, -1, -2],
            [TokenKind.Unknown, TokenKind.Control, TokenKind.Control, TokenKind.Normal, TokenKind.Normal], Options);

        Assert.True(v.TryGetId("x", out TokenId id));
        Assert.Equal(4, id.Value);
        Assert.Equal("x", v.GetPiece(new TokenId(3)));
    }

    [Fact]
    public void Create_CountsDiffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, Scores[..4], Kinds, Options));
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, Scores, Kinds[..4], Options));
        Assert.Throws<ArgumentException>(() => Vocabulary.Create([], [], [], Options));
    }

    [Fact]
    public void Create_SpecialIdOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, Scores, Kinds, Options with { Bos = new(5) }));
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, Scores, Kinds, Options with { Eos = new(-1) }));
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, Scores, Kinds, Options with { Pad = new(99) }));
    }

    [Fact]
    public void Create_BadEntries_Throw()
    {
        TokenKind[] undefinedKind = [.. Kinds];
        undefinedKind[4] = 0;
        TokenKind[] badByte = [.. Kinds];
        badByte[4] = TokenKind.Byte; // "▁a" is not <0xXX>
        float[] nan = [.. Scores];
        nan[2] = float.NaN;
        string[] nullPiece = [.. Pieces];
        nullPiece[1] = null!;

        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, Scores, undefinedKind, Options));
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, Scores, badByte, Options));
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(Pieces, nan, Kinds, Options));
        Assert.Throws<ArgumentException>(() => Vocabulary.Create(nullPiece, Scores, Kinds, Options));
    }

    [Fact]
    public void GetPiece_IdOutOfRange_Throws()
    {
        Vocabulary v = Vocabulary.Create(Pieces, Scores, Kinds, Options);

        Assert.Throws<ArgumentOutOfRangeException>(() => v.GetPiece(new TokenId(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.GetKind(new TokenId(-1)));
    }

    [Fact]
    public void Llama2Vocabulary_HasByteFallbackAndKinds()
    {
        Vocabulary v = TestTokenizers.Llama2.Vocabulary;

        Assert.Equal(32000, v.Count);
        Assert.True(v.HasByteFallback);
        Assert.Equal("<s>", v.GetPiece(v.Bos));
        Assert.Equal("</s>", v.GetPiece(v.Eos));
        Assert.Equal(TokenKind.Unknown, v.GetKind(v.Unk));
        Assert.Equal("<0x0A>", v.GetPiece(new TokenId(13)));
        Assert.Equal(TokenKind.Byte, v.GetKind(new TokenId(13)));
        Assert.Equal("▁Hello", v.GetPiece(new TokenId(15043)));
        Assert.Equal(TokenKind.Normal, v.GetKind(new TokenId(15043)));
    }
}
