using System.Text;

namespace Augur.Models.Tokenizers.Tests;

public sealed class StreamingDetokenizerTests
{
    private const int B = TinyVocabulary.FirstByteId;

    [Fact]
    public void Append_OneByOne_ConcatenatesToOneShotDecode()
    {
        var random = new Random(7);
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Llama2;
        StreamingDetokenizer detokenizer = tokenizer.CreateDetokenizer();
        for (int i = 0; i < 200; i++)
        {
            string text = RandomText.Next(random, 30);
            int[] ids = tokenizer.Encode(text);

            string streamed = Stream(detokenizer, ids);

            Assert.Equal(tokenizer.Decode(ids), streamed);
            Assert.Equal(text, streamed);
        }
    }

    [Fact]
    public void Append_MultiByteCharacterSplitOverByteTokens_EmitsOnlyOnLastByte()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("a", 0));
        var detokenizer = new StreamingDetokenizer(v);
        int a = TinyVocabulary.IdOf(v, "a");

        Assert.Equal("a", detokenizer.Append(a).ToString());
        Assert.True(detokenizer.Append(B + 0xF0).IsEmpty);
        Assert.True(detokenizer.Append(B + 0x9F).IsEmpty);
        Assert.True(detokenizer.Append(B + 0x98).IsEmpty);
        Assert.True(detokenizer.HasPendingBytes);
        Assert.Equal("😀", detokenizer.Append(B + 0x80).ToString());
        Assert.False(detokenizer.HasPendingBytes);
        Assert.Equal("é", detokenizer.Append(B + 0xC3).ToString() + detokenizer.Append(B + 0xA9).ToString());
    }

    [Fact]
    public void Append_RandomTextAsBytesOnly_NoChunkHasPartialCharacter()
    {
        // A vocabulary with no pieces but "▁" forces every character through byte tokens.
        Vocabulary v = TinyVocabulary.Normal(("▁", 0));
        var tokenizer = SentencePieceBpeTokenizer.Create(v);
        StreamingDetokenizer detokenizer = tokenizer.CreateDetokenizer();
        var random = new Random(99);
        for (int i = 0; i < 200; i++)
        {
            string text = RandomText.Next(random, 20);
            int[] ids = tokenizer.Encode(text);
            var streamed = new StringBuilder();
            foreach (int id in ids)
            {
                string chunk = detokenizer.Append(id).ToString();
                AssertWellFormed(chunk);
                streamed.Append(chunk);
            }

            Assert.True(detokenizer.Flush().IsEmpty);
            Assert.Equal(text, streamed.ToString());
        }
    }

    [Fact]
    public void Append_InvalidBytes_BecomeReplacementCharacters()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("a", 0));
        var detokenizer = new StreamingDetokenizer(v);
        int a = TinyVocabulary.IdOf(v, "a");

        Assert.Equal("\uFFFD", detokenizer.Append(B + 0x80).ToString());   // lone continuation byte
        Assert.True(detokenizer.Append(B + 0xE2).IsEmpty);
        Assert.Equal("\uFFFDa", detokenizer.Append(a).ToString());          // cut short by a piece
        Assert.True(detokenizer.Append(B + 0xE2).IsEmpty);
        Assert.Equal("\uFFFD", detokenizer.Flush().ToString());            // cut short by the end
    }

    [Fact]
    public void Append_BytesAroundControlToken_StillJoin()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0));
        var detokenizer = new StreamingDetokenizer(v);

        Assert.True(detokenizer.Append(B + 0xC3).IsEmpty);
        Assert.True(detokenizer.Append(2).IsEmpty);
        Assert.Equal("é", detokenizer.Append(B + 0xA9).ToString());
    }

    [Fact]
    public void Append_LeadingSpace_DroppedAtStartAndAfterBosOnly()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("▁a", 0), ("b", 0));
        int spaceA = TinyVocabulary.IdOf(v, "▁a");
        int space = TinyVocabulary.IdOf(v, "▁");
        var tokenizer = SentencePieceBpeTokenizer.Create(v);

        Assert.Equal("a a", tokenizer.Decode([spaceA, spaceA]));
        Assert.Equal("a a", tokenizer.Decode([1, spaceA, spaceA]));
        Assert.Equal(" a", tokenizer.Decode([space, spaceA]));        // only the first piece loses its space
        Assert.Equal("a aa", tokenizer.Decode([1, spaceA, spaceA, 2, 1, spaceA]));
    }

    [Fact]
    public void Append_NoSpacePrefixVocabulary_KeepsLeadingSpace()
    {
        Vocabulary v = TinyVocabulary.Create(withBytes: true, addSpacePrefix: false, ("▁a", TokenKind.Normal, 0));
        int spaceA = TinyVocabulary.IdOf(v, "▁a");

        Assert.Equal(" a a", SentencePieceBpeTokenizer.Create(v).Decode([1, spaceA, spaceA]));
    }

    [Fact]
    public void Append_SpecialKinds_DecodeAsLlamaCpp()
    {
        Vocabulary v = TinyVocabulary.Create(
            ("▁x", TokenKind.Normal, 0), ("<tool>", TokenKind.UserDefined, 0), ("<pad>", TokenKind.Unused, 0));
        var tokenizer = SentencePieceBpeTokenizer.Create(v);
        int[] ids = [TinyVocabulary.IdOf(v, "▁x"), 1, 2, TinyVocabulary.IdOf(v, "<pad>"), 0, TinyVocabulary.IdOf(v, "<tool>")];

        Assert.Equal("x\u2585<tool>", tokenizer.Decode(ids));
    }

    [Fact]
    public void Prime_SkipsPromptText_AndContinuesWithoutDroppingSpace()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Tok512;
        int[] prompt = tokenizer.Encode("Once upon");
        int[] continuation = tokenizer.Encode("a time", EncodeSettings.TextOnly); // "▁a▁time"
        StreamingDetokenizer detokenizer = tokenizer.CreateDetokenizer();

        detokenizer.Prime(prompt);

        Assert.Equal(" a time", Stream(detokenizer, continuation));
    }

    [Fact]
    public void Reset_ForgetsPendingBytes()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("▁a", 0));
        var detokenizer = new StreamingDetokenizer(v);
        detokenizer.Append(B + 0xE2);

        detokenizer.Reset();

        Assert.False(detokenizer.HasPendingBytes);
        Assert.Equal("a", detokenizer.Append(TinyVocabulary.IdOf(v, "▁a")).ToString());
    }

    [Fact]
    public void Append_IdOutOfRange_Throws()
    {
        StreamingDetokenizer detokenizer = TestTokenizers.Tok512.CreateDetokenizer();

        Assert.Throws<ArgumentOutOfRangeException>(() => detokenizer.Append(512));
        Assert.Throws<ArgumentOutOfRangeException>(() => detokenizer.Append(-1));
    }

    private static string Stream(StreamingDetokenizer detokenizer, int[] ids)
    {
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            ReadOnlySpan<char> chunk = detokenizer.Append(id);
            AssertWellFormed(chunk.ToString());
            text.Append(chunk);
        }

        text.Append(detokenizer.Flush());
        return text.ToString();
    }

    private static void AssertWellFormed(string chunk)
    {
        for (int i = 0; i < chunk.Length; i++)
        {
            if (char.IsHighSurrogate(chunk[i]))
            {
                Assert.True(i + 1 < chunk.Length && char.IsLowSurrogate(chunk[i + 1]), $"lone high surrogate in \"{chunk}\"");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(chunk[i]), $"lone low surrogate in \"{chunk}\"");
            }
        }
    }
}
