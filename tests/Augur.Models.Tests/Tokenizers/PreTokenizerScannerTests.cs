namespace Augur.Models.Tokenizers.Tests;

/// <summary>Chunks worked out by hand from the regexes in <see cref="PreTokenizerKind"/>'s documentation.</summary>
public sealed class PreTokenizerScannerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("I'm here", new[] { "I", "'m", " here" })]
    [InlineData("I'M", new[] { "I", "'", "M" })]          // contractions are case-sensitive in GPT-2
    [InlineData("we'll've", new[] { "we", "'ll", "'ve" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]         // \s+(?!\S) leaves the last space to the word
    [InlineData("a   ", new[] { "a", "   " })]             // ...but takes all at the end
    [InlineData("123456 x", new[] { "123456", " x" })]
    [InlineData("hi!!\n\nyo", new[] { "hi", "!!", "\n", "\n", "yo" })]
    [InlineData(" ?!", new[] { " ?!" })]
    [InlineData("\tx", new[] { "\t", "x" })]
    [InlineData("a\u00A0\u00A0b", new[] { "a", "\u00A0", "\u00A0", "b" })] // ' ?' is only U+0020: NBSP never joins a word
    public void Gpt2_SplitsAsTheRegex(string text, string[] expected) =>
        Assert.Equal(expected, Split(PreTokenizerKind.Gpt2, text));

    [Theory]
    [InlineData("I'M", new[] { "I", "'M" })]
    [InlineData("123456", new[] { "123", "456" })]
    [InlineData("1234", new[] { "123", "4" })]
    [InlineData("hi!!\n\nyo", new[] { "hi", "!!\n\n", "yo" })]
    [InlineData("a \n\n b", new[] { "a", " \n\n", " b" })]
    [InlineData("(word", new[] { "(word" })]
    [InlineData("\tx", new[] { "\tx" })]
    [InlineData("x 1", new[] { "x", " ", "1" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("\r\n\r\n", new[] { "\r\n\r\n" })]
    [InlineData("a\n  ", new[] { "a", "\n", "  " })]
    [InlineData("'xyz", new[] { "'xyz" })]
    public void Llama3_SplitsAsTheRegex(string text, string[] expected) =>
        Assert.Equal(expected, Split(PreTokenizerKind.Llama3, text));

    [Fact]
    public void Llama3_AstralLetters_AreLetters()
    {
        // U+20000 (CJK Extension B) is a letter (Lo): one chunk with its neighbours, unlike UTF-16 regex engines.
        Assert.Equal(["a\U00020000b"], Split(PreTokenizerKind.Llama3, "a\U00020000b"));
        // U+1D7CE MATHEMATICAL BOLD DIGIT ZERO is Nd: four of them are 3 + 1 digits.
        Assert.Equal(["\U0001D7CE\U0001D7CE\U0001D7CE", "\U0001D7CE"], Split(PreTokenizerKind.Llama3, "\U0001D7CE\U0001D7CE\U0001D7CE\U0001D7CE"));
        // An emoji (So) is one code point: the optional [^\r\n\p{L}\p{N}] before a word takes all of it.
        Assert.Equal(["\U0001F600word"], Split(PreTokenizerKind.Llama3, "\U0001F600word"));
        Assert.Equal(["\U0001F600", "word"], Split(PreTokenizerKind.Gpt2, "\U0001F600word"));
    }

    [Theory]
    [InlineData("123", new[] { "1", "2", "3" })]
    [InlineData("ab12", new[] { "ab", "1", "2" })]
    public void Qwen2_SplitsDigitsSingly(string text, string[] expected) =>
        Assert.Equal(expected, Split(PreTokenizerKind.Qwen2, text));

    [Fact]
    public void LoneSurrogate_IsOneChunkOfItsOwnClass()
    {
        foreach (PreTokenizerKind kind in Enum.GetValues<PreTokenizerKind>())
            Assert.Equal("a\uD800b c\uDC00", string.Concat(Split(kind, "a\uD800b c\uDC00")));
    }

    private static string[] Split(PreTokenizerKind kind, string text)
    {
        var chunks = new List<string>();
        for (int at = 0; at < text.Length;)
        {
            int end = PreTokenizerScanner.NextChunkEnd(kind, text, at);
            Assert.True(end > at);
            chunks.Add(text[at..end]);
            at = end;
        }

        return [.. chunks];
    }
}
