using Augur.Models.Llama2c;
using Augur.Models.Tokenizers;
using Augur.Models.Tokenizers.Tests;
using Augur.Tests.Common;

namespace Augur.Models.Gguf.Tests;

public sealed class GgufVocabularyTests
{
    private static readonly Lazy<SentencePieceBpeTokenizer> Llama2FromGguf = new(() =>
    {
        using GgufFile file = GgufFile.Open(TestModels.Llama2TinyRandomGguf);
        return SentencePieceBpeTokenizer.Create(GgufVocabulary.Read(file));
    });

    [Theory]
    [MemberData(nameof(TestTokenizers.LlamaSpmCaseIndices), MemberType = typeof(TestTokenizers))]
    public void Encode_LlamaCppVector_WithGgufVocabulary_MatchesExactly(int index)
    {
        (string text, int[] expected) = TestTokenizers.LlamaSpmCases[index];

        int[] actual = Llama2FromGguf.Value.Encode(text, EncodeSettings.TextOnly);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Read_TinyRandomGguf_EqualsTheLlama2TokenizerBin()
    {
        Vocabulary gguf = Llama2FromGguf.Value.Vocabulary;
        Vocabulary bin = Llama2cTokenizerFile.ReadVocabulary(TestModels.Llama2TokenizerBin, 32000);

        Assert.Equal(46, TestTokenizers.LlamaSpmCases.Length);
        Assert.Equal(32000, gguf.Count);
        Assert.Equal((1, 2, 0), (gguf.Bos.Value, gguf.Eos.Value, gguf.Unk.Value));
        Assert.True(gguf.AddBos);
        Assert.False(gguf.AddEos);
        Assert.True(gguf.AddSpacePrefix);
        Assert.True(gguf.HasByteFallback);
        for (int id = 0; id < gguf.Count; id++)
        {
            var token = new TokenId(id);
            Assert.Equal(bin.GetPiece(token), gguf.GetPiece(token));
            Assert.Equal(bin.GetScore(token), gguf.GetScore(token));
            Assert.Equal(bin.GetKind(token), gguf.GetKind(token));
        }
    }

    [Fact]
    public void Read_Defaults_WhenOptionalKeysAreAbsent()
    {
        GgufWriter writer = TinyLlamaGguf.Create();
        writer.Remove(GgufKeys.TokenizerScores);
        writer.Remove(GgufKeys.TokenizerTokenType);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        Vocabulary vocabulary = GgufVocabulary.Read(file);

        Assert.Equal(TinyLlamaGguf.Pieces.Length, vocabulary.Count);
        Assert.Equal((1, 2, 0), (vocabulary.Bos.Value, vocabulary.Eos.Value, vocabulary.Unk.Value));
        Assert.Null(vocabulary.Pad);
        Assert.True(vocabulary.AddBos);
        Assert.False(vocabulary.AddEos);
        Assert.True(vocabulary.AddSpacePrefix);
        Assert.Equal(TokenKind.Normal, vocabulary.GetKind(new TokenId(1)));
        Assert.Equal(0f, vocabulary.GetScore(new TokenId(5)));
    }

    [Fact]
    public void Read_ExplicitIdsFlagsAndUndefinedType()
    {
        GgufWriter writer = TinyLlamaGguf.Create()
            .Set(GgufKeys.TokenizerTokenType, GgufValue.FromArray(new[] { 2, 3, 3, 0, 1, 1, 1, 4 }))
            .Add(GgufKeys.TokenizerBosTokenId, 2u).Add(GgufKeys.TokenizerEosTokenId, 1u)
            .Add(GgufKeys.TokenizerUnknownTokenId, 0u).Add(GgufKeys.TokenizerPaddingTokenId, 6u)
            .Add(GgufKeys.TokenizerAddBosToken, false).Add(GgufKeys.TokenizerAddEosToken, true)
            .Add(GgufKeys.TokenizerAddSpacePrefix, false);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        Vocabulary vocabulary = GgufVocabulary.Read(file);

        Assert.Equal((2, 1, 0), (vocabulary.Bos.Value, vocabulary.Eos.Value, vocabulary.Unk.Value));
        Assert.Equal(new TokenId(6), vocabulary.Pad);
        Assert.False(vocabulary.AddBos);
        Assert.True(vocabulary.AddEos);
        Assert.False(vocabulary.AddSpacePrefix);
        Assert.Equal(TokenKind.Normal, vocabulary.GetKind(new TokenId(3))); // type 0, undefined
        Assert.Equal(TokenKind.UserDefined, vocabulary.GetKind(new TokenId(7)));
        Assert.Equal(-3f, vocabulary.GetScore(new TokenId(5)));
    }

    [Fact]
    public void Read_PaddingIdMinusOne_MeansNone()
    {
        GgufWriter writer = TinyLlamaGguf.Create().Add(GgufKeys.TokenizerPaddingTokenId, uint.MaxValue);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        Assert.Null(GgufVocabulary.Read(file).Pad);
    }

    [Fact]
    public void Read_Gpt2Tokenizer_IsNotSupportedYet()
    {
        GgufWriter writer = TinyLlamaGguf.Create().Set(GgufKeys.TokenizerModel, GgufValue.From("gpt2"))
            .Add(GgufKeys.TokenizerMerges, new[] { "a b" });
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufVocabulary.Read(file));
        Assert.Contains("'gpt2'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not supported yet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OtherTokenizerModel_IsNotSupported()
    {
        GgufWriter writer = TinyLlamaGguf.Create().Set(GgufKeys.TokenizerModel, GgufValue.From("bert"));
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufVocabulary.Read(file));
        Assert.Contains("tokenizer model 'bert' is not supported", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GgufKeys.TokenizerModel, "has no tokenizer")]
    [InlineData(GgufKeys.TokenizerTokens, "'tokenizer.ggml.tokens' is missing")]
    public void Read_MissingTokenizerMetadata_Throws(string key, string expected)
    {
        GgufWriter writer = TinyLlamaGguf.Create();
        writer.Remove(key);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufVocabulary.Read(file));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GgufKeys.TokenizerScores)]
    [InlineData(GgufKeys.TokenizerTokenType)]
    public void Read_ArrayOfWrongLength_Throws(string key)
    {
        GgufWriter writer = TinyLlamaGguf.Create().Set(key, GgufValue.FromArray(new[] { 1, 1, 1 }));
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufVocabulary.Read(file));
        Assert.Contains($"'{key}' has 3 entries, but there are 8 tokens", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GgufKeys.TokenizerTokenType, 9, "unknown type 9")]
    [InlineData(GgufKeys.TokenizerBosTokenId, 8, "outside the vocabulary")]
    public void Read_BadTypeOrId_Throws(string key, int value, string expected)
    {
        GgufWriter writer = TinyLlamaGguf.Create();
        if (key == GgufKeys.TokenizerTokenType)
            writer.Set(key, GgufValue.FromArray(new[] { 2, 3, 3, 1, value, 1, 1, 1 }));
        else
            writer.Add(key, (uint)value);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufVocabulary.Read(file));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
