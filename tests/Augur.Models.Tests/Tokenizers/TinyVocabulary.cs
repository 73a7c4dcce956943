namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// Small hand-made vocabularies whose expected tokenizations can be worked out by hand:
/// 0 <c>&lt;unk&gt;</c>, 1 <c>&lt;s&gt;</c>, 2 <c>&lt;/s&gt;</c>, then (optionally) the 256 byte tokens at 3..258, then the extra pieces.
/// </summary>
internal static class TinyVocabulary
{
    public const int FirstByteId = 3;

    public static Vocabulary Create(params (string Piece, TokenKind Kind, float Score)[] extra) =>
        Create(withBytes: true, addSpacePrefix: true, extra);

    public static Vocabulary Create(bool withBytes, bool addSpacePrefix, params (string Piece, TokenKind Kind, float Score)[] extra)
    {
        var pieces = new List<string> { "<unk>", "<s>", "</s>" };
        var kinds = new List<TokenKind> { TokenKind.Unknown, TokenKind.Control, TokenKind.Control };
        var scores = new List<float> { 0, 0, 0 };
        if (withBytes)
        {
            for (int b = 0; b < 256; b++)
            {
                pieces.Add($"<0x{b:X2}>");
                kinds.Add(TokenKind.Byte);
                scores.Add(0);
            }
        }

        foreach ((string piece, TokenKind kind, float score) in extra)
        {
            pieces.Add(piece);
            kinds.Add(kind);
            scores.Add(score);
        }

        var options = new VocabularyOptions
        {
            Unk = new TokenId(0),
            Bos = new TokenId(1),
            Eos = new TokenId(2),
            AddSpacePrefix = addSpacePrefix,
        };
        return Vocabulary.Create(pieces.ToArray(), scores.ToArray(), kinds.ToArray(), options);
    }

    /// <summary>Normal pieces with scores.</summary>
    public static Vocabulary Normal(params (string Piece, float Score)[] extra) =>
        Create(extra.Select(e => (e.Piece, TokenKind.Normal, e.Score)).ToArray());

    public static int IdOf(Vocabulary vocabulary, string piece)
    {
        Assert.True(vocabulary.TryGetId(piece, out TokenId id), $"piece {piece} missing");
        return id;
    }

    public static int[] IdsOf(Vocabulary vocabulary, params string[] pieces) =>
        pieces.Select(p => IdOf(vocabulary, p)).ToArray();
}
