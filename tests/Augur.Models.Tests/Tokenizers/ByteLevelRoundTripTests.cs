using System.Text;

namespace Augur.Models.Tokenizers.Tests;

public sealed class ByteLevelRoundTripTests
{
    public static TheoryData<string> Names() => [.. ByteLevelTestTokenizers.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void DecodeOfEncode_IsTheText_ForVectorInputsAndRandomUnicode(string name)
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get(name);
        var random = new Random(name.Length * 7919);
        IEnumerable<string> texts = ByteLevelTestTokenizers.GetCases(name).Select(c => c.Text)
            .Concat(Enumerable.Range(0, 300).Select(_ => RandomText.Next(random, 40)));
        foreach (string text in texts)
        {
            // Qwen2 normalizes to NFC first (tested on its own in UnicodeNfcTests), so only NFC text comes back unchanged.
            string expected = name == "qwen2" ? UnicodeNfc.Normalize(text) : text;

            Assert.Equal(expected, tokenizer.Decode(tokenizer.Encode(text)));
            Assert.Equal(expected, tokenizer.Decode(tokenizer.Encode(text, new EncodeSettings { AddBos = true, AddEos = true })));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_LoneSurrogates_AreEncodedAsReplacementChar(string name)
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get(name);
        foreach (string text in (string[])["\uD800", "a\uDC00b", "x \uD83D", "\uDE00\uD83D\uDE00\uD83D"])
        {
            string expected = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)); // U+FFFD for each lone surrogate
            Assert.Equal(expected, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_InvalidUtf8_GivesReplacementChars_AsUtf8Decoding(string name)
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get(name);
        byte[][] sequences = [[0xFF], [0xC3], [0xE2, 0x82], [0xC3, (byte)'A'], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0x80, 0x80, 0xE4, 0xB8, 0xAD]];
        foreach (byte[] bytes in sequences)
        {
            int[] ids = [.. bytes.Select(b => ByteId(tokenizer, b))];

            Assert.Equal(Encoding.UTF8.GetString(bytes), tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void Decode_BadId_Throws()
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get("gpt-2");
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.Vocabulary.Count]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([-1]));
    }

    internal static int ByteId(ByteLevelBpeTokenizer tokenizer, byte value) =>
        tokenizer.Vocabulary.TryGetId(ByteUnicodeMap.ToChar(value).ToString(), out TokenId id) ? id.Value : throw new InvalidOperationException();
}
