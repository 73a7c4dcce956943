using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Models.Gguf.Tests;

public sealed class GgufModelConfigTests
{
    [Fact]
    public void Read_TinyLlama_AppliesDefaults()
    {
        using GgufFile file = TinyLlamaGguf.Open(TinyLlamaGguf.Create());

        ModelConfig config = GgufModelConfig.Read(file);

        Assert.Equal("llama", config.Architecture);
        Assert.Equal((8, 1, 2, 1, 16, 8, 64), (config.EmbeddingLength, config.BlockCount, config.HeadCount,
            config.HeadCountKv, config.FeedForwardLength, config.VocabSize, config.ContextLength));
        Assert.Equal(1e-6f, config.RmsNormEps);
        Assert.Equal(10000f, config.RopeFreqBase);
        Assert.Equal(4, config.HeadDim);
        Assert.Equal(4, config.RopeDimensionCount);
        Assert.Equal(RopeStyle.Normal, config.RopeStyle);
        Assert.Equal(1f, config.RopeScalingFactor);
    }

    [Fact]
    public void Read_ExplicitValues_AreTaken()
    {
        GgufWriter writer = TinyLlamaGguf.Create()
            .Set(GgufKeys.GeneralArchitecture, GgufValue.From("qwen2"))
            .Add(GgufKeys.EmbeddingLength("qwen2"), 8u).Add(GgufKeys.BlockCount("qwen2"), 1u)
            .Add(GgufKeys.FeedForwardLength("qwen2"), 16u).Add(GgufKeys.AttentionHeadCount("qwen2"), 4u)
            .Add(GgufKeys.ContextLength("qwen2"), 32u).Add(GgufKeys.AttentionLayerNormRmsEpsilon("qwen2"), 1e-5f)
            .Add(GgufKeys.AttentionKeyLength("qwen2"), 6u).Add(GgufKeys.AttentionValueLength("qwen2"), 6u)
            .Add(GgufKeys.RopeFreqBase("qwen2"), 1e6f).Add(GgufKeys.RopeDimensionCount("qwen2"), 4u)
            .Add(GgufKeys.RopeScalingType("qwen2"), "linear").Add(GgufKeys.RopeScalingFactor("qwen2"), 4f);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        ModelConfig config = GgufModelConfig.Read(file);

        Assert.Equal("qwen2", config.Architecture);
        Assert.Equal(RopeStyle.NeoX, config.RopeStyle);
        Assert.Equal(4, config.HeadCountKv); // defaults to head_count
        Assert.Equal(6, config.HeadDim);
        Assert.Equal(4, config.RopeDimensionCount);
        Assert.Equal(1e6f, config.RopeFreqBase);
        Assert.Equal(4f, config.RopeScalingFactor);
        Assert.Equal(32, config.ContextLength);
    }

    [Fact]
    public void Read_RopeScalingNone_IgnoresFactor()
    {
        GgufWriter writer = TinyLlamaGguf.Create()
            .Add(GgufKeys.RopeScalingType("llama"), "none").Add(GgufKeys.RopeScalingFactor("llama"), 8f);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        Assert.Equal(1f, GgufModelConfig.Read(file).RopeScalingFactor);
    }

    [Fact]
    public void Read_VocabSizeKey_UsedWithoutEmbedding_AndMustAgreeWithIt()
    {
        GgufWriter writer = TinyLlamaGguf.Create().Add(GgufKeys.VocabSize("llama"), 9u);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains("llama.vocab_size", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-neox")]
    [InlineData("phi3")]
    public void Read_UnsupportedArchitecture_Throws(string architecture)
    {
        GgufWriter writer = TinyLlamaGguf.Create().Set(GgufKeys.GeneralArchitecture, GgufValue.From(architecture));
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains($"architecture '{architecture}' is not supported", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GgufKeys.GeneralArchitecture)]
    [InlineData("llama.embedding_length")]
    [InlineData("llama.block_count")]
    [InlineData("llama.feed_forward_length")]
    [InlineData("llama.attention.head_count")]
    [InlineData("llama.context_length")]
    [InlineData("llama.attention.layer_norm_rms_epsilon")]
    public void Read_MissingHyperparameter_NamesTheKey(string key)
    {
        GgufWriter writer = TinyLlamaGguf.Create();
        Assert.True(writer.Remove(key));
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains($"'{key}' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MistypedHyperparameter_NamesTheKey()
    {
        GgufWriter writer = TinyLlamaGguf.Create().Set("llama.block_count", GgufValue.From("one"));
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains("llama.block_count", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { 6, 8 })]     // columns ≠ embedding length
    [InlineData(new long[] { 8, 8, 2 })]  // 3-D
    [InlineData(new long[] { 64 })]       // 1-D
    public void Read_TokenEmbeddingOfWrongShape_Throws(long[] dims)
    {
        using GgufFile file = TinyLlamaGguf.Open(TinyLlamaGguf.Create(embeddingDims: dims));

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains("token_embd.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected [8 (embedding length), vocabulary size]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yarn")]
    [InlineData("llama3")]
    [InlineData("longrope")]
    public void Read_UnsupportedRopeScaling_Throws(string type)
    {
        GgufWriter writer = TinyLlamaGguf.Create().Add(GgufKeys.RopeScalingType("llama"), type)
            .Add(GgufKeys.RopeScalingFactor("llama"), 4f);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains($"RoPE scaling type '{type}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InconsistentValues_AreModelLoadException()
    {
        GgufWriter writer = TinyLlamaGguf.Create().Set("llama.attention.head_count_kv", GgufValue.From(3u));
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains("HeadCountKv (3) must divide HeadCount (2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeparateValueHeadSize_Throws()
    {
        GgufWriter writer = TinyLlamaGguf.Create().Add(GgufKeys.AttentionValueLength("llama"), 8u);
        using GgufFile file = TinyLlamaGguf.Open(writer);

        var e = Assert.Throws<ModelLoadException>(() => GgufModelConfig.Read(file));
        Assert.Contains("value_length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TinyRandomGguf_MatchesReadme()
    {
        using GgufFile file = GgufFile.Open(TestModels.Llama2TinyRandomGguf);

        ModelConfig config = GgufModelConfig.Read(file);

        // models README §3.
        Assert.Equal((8, 1, 32, 2, 2, 4, 4096, 32000), (config.EmbeddingLength, config.BlockCount, config.FeedForwardLength,
            config.HeadCount, config.HeadCountKv, config.RopeDimensionCount, config.ContextLength, config.VocabSize));
    }
}
