using System.Buffers;

namespace Augur.Models.Tokenizers.Tests;

public sealed class DecodeToBufferTests
{
    [Fact]
    public void Decode_LargeEnoughBuffer_IsDoneAndMatchesStringDecode()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Llama2;
        foreach ((string text, _) in TestTokenizers.LlamaSpmCases)
        {
            int[] ids = tokenizer.Encode(text);
            var buffer = new char[text.Length + 8];

            OperationStatus status = tokenizer.Decode(ids, buffer, out int idsConsumed, out int charsWritten);

            Assert.Equal(OperationStatus.Done, status);
            Assert.Equal(ids.Length, idsConsumed);
            Assert.Equal(text, new string(buffer, 0, charsWritten));
        }
    }

    [Fact]
    public void Decode_ShrinkingBuffers_WritesWholePrefixesOnly()
    {
        // Both a real vocabulary and a byte-only one, where characters span several byte tokens.
        var random = new Random(1234);
        SentencePieceBpeTokenizer[] tokenizers =
        [
            TestTokenizers.Llama2,
            SentencePieceBpeTokenizer.Create(TinyVocabulary.Normal(("▁", 0))),
        ];
        foreach (SentencePieceBpeTokenizer tokenizer in tokenizers)
        {
            for (int round = 0; round < 20; round++)
            {
                string text = RandomText.Next(random, 25);
                int[] ids = tokenizer.Encode(text);
                string full = tokenizer.Decode(ids);

                for (int size = full.Length; size >= 0; size--)
                {
                    var buffer = new char[size];
                    OperationStatus status = tokenizer.Decode(ids, buffer, out int idsConsumed, out int charsWritten);
                    string written = new(buffer, 0, charsWritten);

                    Assert.Equal(size == full.Length ? OperationStatus.Done : OperationStatus.DestinationTooSmall, status);
                    Assert.True(charsWritten <= size);
                    Assert.StartsWith(written, full, StringComparison.Ordinal);
                    Assert.Equal(written, tokenizer.Decode(ids.AsSpan(0, idsConsumed)));
                    Assert.False(written.Length > 0 && char.IsHighSurrogate(written[^1]), "split surrogate pair");
                }
            }
        }
    }

    [Fact]
    public void Decode_PendingInvalidBytesAtEnd_FitOrReportTooSmall()
    {
        Vocabulary v = TinyVocabulary.Normal(("▁", 0), ("▁a", 0));
        var tokenizer = SentencePieceBpeTokenizer.Create(v);
        int[] ids = [TinyVocabulary.IdOf(v, "▁a"), TinyVocabulary.FirstByteId + 0xE2];

        Assert.Equal("a\uFFFD", tokenizer.Decode(ids));

        var buffer = new char[1];
        Assert.Equal(OperationStatus.DestinationTooSmall, tokenizer.Decode(ids, buffer, out int idsConsumed, out int charsWritten));
        Assert.Equal(1, idsConsumed);
        Assert.Equal(1, charsWritten);
        Assert.Equal('a', buffer[0]);
    }

    [Fact]
    public void Decode_IdOutOfRange_Throws()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Tok512;

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([1, 600]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([-5], new char[8], out _, out _));
    }
}
