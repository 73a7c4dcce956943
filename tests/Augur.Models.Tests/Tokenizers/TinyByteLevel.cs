using System.Text;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// Small byte-level vocabularies whose tokenizations can be worked out by hand: ids 0..255 are the bytes (id = byte
/// value), then the extra pieces (given as plain text, stored in byte-level form, or verbatim for non-normal kinds),
/// then <c>&lt;|bos|&gt;</c> and <c>&lt;|eos|&gt;</c> (control).
/// </summary>
internal static class TinyByteLevel
{
    public static Vocabulary Create(params (string Text, TokenKind Kind)[] extra)
    {
        var pieces = new List<string>();
        var kinds = new List<TokenKind>();
        for (int b = 0; b < 256; b++)
        {
            pieces.Add(ByteUnicodeMap.ToChar((byte)b).ToString());
            kinds.Add(TokenKind.Normal);
        }

        foreach ((string text, TokenKind kind) in extra)
        {
            pieces.Add(kind == TokenKind.Normal ? Piece(text) : text);
            kinds.Add(kind);
        }

        pieces.Add("<|bos|>");
        kinds.Add(TokenKind.Control);
        pieces.Add("<|eos|>");
        kinds.Add(TokenKind.Control);
        var options = new VocabularyOptions
        {
            Bos = new TokenId(pieces.Count - 2),
            Eos = new TokenId(pieces.Count - 1),
            Unk = new TokenId(pieces.Count - 1),
            AddBos = false,
            AddSpacePrefix = false,
        };
        return Vocabulary.Create([.. pieces], new float[pieces.Count], [.. kinds], options);
    }

    public static Vocabulary Normal(params string[] texts) => Create(texts.Select(t => (t, TokenKind.Normal)).ToArray());

    /// <summary>Plain text in byte-level form, mapped by hand from GPT-2's table (printable ASCII stands for itself, space is Ġ).</summary>
    public static string Piece(string text) =>
        string.Concat(Encoding.UTF8.GetBytes(text).Select(b => b switch
        {
            (byte)' ' => "Ġ",
            (byte)'\n' => "Ċ",
            >= 0x21 and <= 0x7E => ((char)b).ToString(),
            _ => ByteUnicodeMap.ToChar(b).ToString(),
        }));

    /// <summary>A merge line for two plain-text pieces.</summary>
    public static string Merge(string left, string right) => Piece(left) + " " + Piece(right);

    public static int IdOf(Vocabulary vocabulary, string text) =>
        vocabulary.TryGetId(Piece(text), out TokenId id) ? id.Value : throw new ArgumentException($"no piece for \"{text}\"");
}
