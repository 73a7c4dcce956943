namespace Augur.Models.Tokenizers.Tests;

public sealed class SentencePieceBpeTokenizerTests
{
    [Fact]
    public void LlamaSpmVectors_Has46Cases()
    {
        Assert.Equal(46, TestTokenizers.LlamaSpmCases.Length);
    }

    [Theory]
    [MemberData(nameof(TestTokenizers.LlamaSpmCaseIndices), MemberType = typeof(TestTokenizers))]
    public void Encode_LlamaCppVector_MatchesExactly(int index)
    {
        (string text, int[] expected) = TestTokenizers.LlamaSpmCases[index];

        int[] actual = TestTokenizers.Llama2.Encode(text, EncodeSettings.TextOnly);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("Once upon a time", new[] { 1, 403, 407, 261, 378 })]
    [InlineData("Zoo", new[] { 1, 410, 469, 347 })]
    public void Encode_Tok512WithDefaultBos_MatchesLlama2c(string text, int[] expected)
    {
        Assert.Equal(expected, TestTokenizers.Tok512.Encode(text));
    }

    [Fact]
    public void Encode_MistralReadmeSanity_MatchesSentencePiece()
    {
        int[] ids = TestTokenizers.Llama2.Encode("Hello world! 1234", EncodeSettings.TextOnly);

        Assert.Equal(new[] { 15043, 3186, 29991, 29871, 29896, 29906, 29941, 29946 }, ids);
    }

    [Fact]
    public void Encode_DefaultSettings_PrependsBosOnly()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Llama2;

        int[] withDefaults = tokenizer.Encode("Hello world");
        int[] withEos = tokenizer.Encode("Hello world", new EncodeSettings { AddEos = true });

        Assert.Equal(new[] { 1, 15043, 3186 }, withDefaults);
        Assert.Equal(new[] { 1, 15043, 3186, 2 }, withEos);
    }

    [Fact]
    public void Encode_EmptyText_IsBosAloneOrNothing()
    {
        Assert.Equal(new[] { 1 }, TestTokenizers.Llama2.Encode(""));
        Assert.Empty(TestTokenizers.Llama2.Encode("", EncodeSettings.TextOnly));
    }

    [Fact]
    public void Encode_ControlTokenTextWithoutParseSpecial_IsPlainText()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Llama2;

        int[] ids = tokenizer.Encode("<s>Hi</s>", EncodeSettings.TextOnly);

        Assert.DoesNotContain(1, ids);
        Assert.DoesNotContain(2, ids);
        Assert.Equal("<s>Hi</s>", tokenizer.Decode(ids));
    }

    [Fact]
    public void Encode_ControlTokenTextWithParseSpecial_IsTheControlToken()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Llama2;
        var settings = new EncodeSettings { AddBos = false, ParseSpecial = true };

        int[] ids = tokenizer.Encode("<s>Hello</s>", settings);

        // Text after a special token gets the dummy-prefix space, as in llama.cpp: "▁Hello" = 15043.
        Assert.Equal(new[] { 1, 15043, 2 }, ids);
    }

    [Fact]
    public void Encode_ParseSpecialPrefersLongerSpecial()
    {
        Vocabulary vocabulary = TinyVocabulary.Create(("<a>", TokenKind.Control, 0), ("<a>b", TokenKind.Control, 0));
        var tokenizer = SentencePieceBpeTokenizer.Create(vocabulary);
        int longer = TinyVocabulary.IdOf(vocabulary, "<a>b");

        int[] ids = tokenizer.Encode("<a>b", new EncodeSettings { AddBos = false, ParseSpecial = true });

        Assert.Equal(new[] { longer }, ids);
    }

    [Fact]
    public void Encode_UserDefinedPiece_MatchedWholeEvenWithoutParseSpecial()
    {
        Vocabulary vocabulary = TinyVocabulary.Create(("<tool>", TokenKind.UserDefined, 0));
        var tokenizer = SentencePieceBpeTokenizer.Create(vocabulary);
        int tool = TinyVocabulary.IdOf(vocabulary, "<tool>");

        int[] ids = tokenizer.Encode("<tool>", EncodeSettings.TextOnly);

        Assert.Equal(new[] { tool }, ids);
    }

    [Fact]
    public void Encode_AppendOverload_AppendsToExistingList()
    {
        var list = new List<int> { 42 };

        TestTokenizers.Llama2.Encode("Hello world".AsSpan(), list, EncodeSettings.TextOnly);

        Assert.Equal(new[] { 42, 15043, 3186 }, list);
    }

    [Fact]
    public void Encode_ConcurrentCallers_GetSameResults()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Llama2;
        (string Text, int[] Ids)[] cases = TestTokenizers.LlamaSpmCases;

        Parallel.For(0, 200, i =>
        {
            (string text, int[] expected) = cases[i % cases.Length];
            Assert.Equal(expected, tokenizer.Encode(text, EncodeSettings.TextOnly));
        });
    }

    [Fact]
    public void Create_NullVocabulary_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => SentencePieceBpeTokenizer.Create(null!));
    }
}
