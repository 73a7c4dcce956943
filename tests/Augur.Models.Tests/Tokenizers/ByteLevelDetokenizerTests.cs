using System.Text;

namespace Augur.Models.Tokenizers.Tests;

public sealed class ByteLevelDetokenizerTests
{
    [Fact]
    public void Append_ByteByByte_EmitsEachCharacterOnlyWhenWhole()
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get("llama-bpe");
        ByteLevelDetokenizer detokenizer = tokenizer.CreateDetokenizer();
        foreach (string character in (string[])["a", "é", "中", "😀", "\u0301"])
        {
            byte[] bytes = Encoding.UTF8.GetBytes(character);
            for (int i = 0; i < bytes.Length - 1; i++)
            {
                Assert.True(detokenizer.Append(ByteLevelRoundTripTests.ByteId(tokenizer, bytes[i])).IsEmpty);
                Assert.True(detokenizer.HasPendingBytes);
            }

            Assert.Equal(character, detokenizer.Append(ByteLevelRoundTripTests.ByteId(tokenizer, bytes[^1])).ToString());
            Assert.False(detokenizer.HasPendingBytes);
        }
    }

    [Theory]
    [InlineData("llama-bpe")]
    [InlineData("qwen2")]
    [InlineData("gpt-2")]
    public void Append_OneByOne_ConcatenatesToOneShotDecode_AndNeverSplitsACharacter(string name)
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get(name);
        ITextDetokenizer detokenizer = ((ITokenizer)tokenizer).CreateDetokenizer();
        var random = new Random(11);
        for (int n = 0; n < 200; n++)
        {
            string text = RandomText.Next(random, 30);
            int[] ids = tokenizer.Encode(text);
            var streamed = new StringBuilder();
            foreach (int id in ids)
            {
                string chunk = detokenizer.Append(id).ToString();
                Assert.False(ByteLevelBpeTokenizer.HasLoneSurrogate(chunk)); // no half of a surrogate pair, ever
                streamed.Append(chunk);
            }

            streamed.Append(detokenizer.Flush());
            Assert.Equal(tokenizer.Decode(ids), streamed.ToString());
        }
    }

    [Fact]
    public void Flush_CutsOffAnUnfinishedCharacter_AsReplacementChar()
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get("gpt-2");
        ByteLevelDetokenizer detokenizer = tokenizer.CreateDetokenizer();

        Assert.True(detokenizer.Append(ByteLevelRoundTripTests.ByteId(tokenizer, 0xE4)).IsEmpty);
        Assert.True(detokenizer.Append(ByteLevelRoundTripTests.ByteId(tokenizer, 0xB8)).IsEmpty);
        Assert.Equal("\uFFFD", detokenizer.Flush().ToString());
        Assert.False(detokenizer.HasPendingBytes);
        Assert.Equal("a", detokenizer.Append(ByteLevelRoundTripTests.ByteId(tokenizer, (byte)'a')).ToString());
    }

    [Fact]
    public void Prime_ThenReset_ForgetsPendingBytes()
    {
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get("gpt-2");
        ByteLevelDetokenizer detokenizer = tokenizer.CreateDetokenizer();

        detokenizer.Prime([ByteLevelRoundTripTests.ByteId(tokenizer, 0xE4)]);
        Assert.True(detokenizer.HasPendingBytes);
        detokenizer.Reset();
        Assert.False(detokenizer.HasPendingBytes);
        Assert.True(detokenizer.Flush().IsEmpty);
    }
}
