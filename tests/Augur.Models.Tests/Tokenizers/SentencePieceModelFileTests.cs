using Augur.Models.Llama2c;
using Augur.Tests.Common;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// The real <c>tokenizer.model</c> files: each must give the vocabulary that llama2.c's <c>tokenizer.bin</c> export of
/// the same model gives (read by the independent <see cref="Llama2cTokenizerFile"/>), and tokenize as llama.cpp and
/// SentencePiece do (models README §4.1, §4.5, §4.6).
/// </summary>
public sealed class SentencePieceModelFileTests
{
    private static readonly Lazy<SentencePieceBpeTokenizer> Llama2 =
        new(() => SentencePieceBpeTokenizer.Create(SentencePieceModelFile.Read(Llama2ModelPath)));

    private static readonly Lazy<SentencePieceBpeTokenizer> MistralV3 =
        new(() => SentencePieceBpeTokenizer.Create(SentencePieceModelFile.Read(TestModels.Shared("tokenizers/mistral-spm/mistral_instruct_tokenizer_240323.model.v3"))));

    private static string Llama2ModelPath => TestModels.Shared("tokenizers/llama2-spm/tokenizer.model");

    [Fact]
    public void Read_Llama2Model_EqualsTokenizerBinPieceByPiece()
    {
        Vocabulary expected = Llama2cTokenizerFile.ReadVocabulary(TestModels.Llama2TokenizerBin, 32000);

        Vocabulary actual = Llama2.Value.Vocabulary;

        Assert.Equal(32000, actual.Count);
        AssertSameVocabulary(expected, actual);
        Assert.Equal(("<unk>", TokenKind.Unknown), (actual.GetPiece(new(0)), actual.GetKind(new(0))));
        Assert.Equal(("<s>", TokenKind.Control), (actual.GetPiece(new(1)), actual.GetKind(new(1))));
        Assert.Equal(("▁t", TokenKind.Normal), (actual.GetPiece(new(260)), actual.GetKind(new(260))));
        Assert.Null(actual.Pad); // pad_id = -1, written as a 10-byte varint
    }

    [Theory]
    [MemberData(nameof(TestTokenizers.LlamaSpmCaseIndices), MemberType = typeof(TestTokenizers))]
    public void Encode_Llama2Model_MatchesLlamaCppVector(int index)
    {
        (string text, int[] expected) = TestTokenizers.LlamaSpmCases[index];

        Assert.Equal(expected, Llama2.Value.Encode(text, EncodeSettings.TextOnly));
    }

    [Fact]
    public void Read_Tok512Model_EqualsTok512Bin()
    {
        Vocabulary expected = Llama2cTokenizerFile.ReadVocabulary(TestModels.Tok512Bin, 512);

        Vocabulary actual = SentencePieceModelFile.Read(TestModels.Shared("models/stories260K/tok512.model"));

        Assert.Equal(512, actual.Count);
        AssertSameVocabulary(expected, actual);
        // README §1: "Once upon a time" → [1, 403, 407, 261, 378] with BOS.
        Assert.Equal(new[] { 1, 403, 407, 261, 378 }, SentencePieceBpeTokenizer.Create(actual).Encode("Once upon a time"));
    }

    [Fact]
    public void Read_MistralV1_EncodesReadmeSanityString()
    {
        Vocabulary vocabulary = SentencePieceModelFile.Read(TestModels.Shared("tokenizers/mistral-spm/tokenizer.model.v1"));
        var tokenizer = SentencePieceBpeTokenizer.Create(vocabulary);

        int[] ids = tokenizer.Encode("Hello world! 1234", EncodeSettings.TextOnly);

        Assert.Equal(32000, vocabulary.Count);
        Assert.Equal((0, 1, 2), (vocabulary.Unk.Value, vocabulary.Bos.Value, vocabulary.Eos.Value));
        Assert.True(vocabulary.HasByteFallback);
        Assert.Equal(new[] { 22557, 1526, 28808, 28705, 28740, 28750, 28770, 28781 }, ids);
        Assert.Equal("Hello world! 1234", tokenizer.Decode(ids));
    }

    [Theory]
    [InlineData(3, "[INST]")]
    [InlineData(4, "[/INST]")]
    [InlineData(5, "[TOOL_CALLS]")]
    [InlineData(6, "[AVAILABLE_TOOLS]")]
    public void Read_MistralV3_ControlTokensAreControlKind(int id, string piece)
    {
        Vocabulary vocabulary = MistralV3.Value.Vocabulary;

        Assert.Equal(32768, vocabulary.Count);
        Assert.Equal(piece, vocabulary.GetPiece(new(id)));
        Assert.Equal(TokenKind.Control, vocabulary.GetKind(new(id)));
    }

    [Fact]
    public void Encode_MistralV3InstTextWithoutParseSpecial_IsPlainText()
    {
        SentencePieceBpeTokenizer tokenizer = MistralV3.Value;

        int[] ids = tokenizer.Encode("[INST] Hi [/INST]", EncodeSettings.TextOnly);

        Assert.DoesNotContain(3, ids);
        Assert.DoesNotContain(4, ids);
        Assert.Equal("[INST] Hi [/INST]", tokenizer.Decode(ids));
    }

    [Fact]
    public void Encode_MistralV3InstTextWithParseSpecial_IsTheControlToken()
    {
        SentencePieceBpeTokenizer tokenizer = MistralV3.Value;
        var settings = new EncodeSettings { AddBos = false, ParseSpecial = true };

        Assert.Equal(new[] { 3 }, tokenizer.Encode("[INST]", settings));
        int[] ids = tokenizer.Encode("[INST] Hi [/INST]", settings);
        Assert.Equal(3, ids[0]);
        Assert.Equal(4, ids[^1]);
        Assert.Single(ids, id => id == 3);
    }

    /// <summary>Same count, and per id the same piece, score and kind; same special ids and flags.</summary>
    private static void AssertSameVocabulary(Vocabulary expected, Vocabulary actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int id = 0; id < expected.Count; id++)
        {
            var token = new TokenId(id);
            var want = (expected.GetPiece(token), expected.GetScore(token), expected.GetKind(token));
            var got = (actual.GetPiece(token), actual.GetScore(token), actual.GetKind(token));
            Assert.True(want == got, $"token {id}: expected {want}, got {got}");
        }

        Assert.Equal(expected.Options, actual.Options);
        Assert.Equal(expected.HasByteFallback, actual.HasByteFallback);
    }
}
