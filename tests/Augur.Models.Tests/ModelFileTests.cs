using Augur.Models.Tokenizers;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Models.Tests;

public sealed class ModelFileTests
{
    [Fact]
    public void Open_TinyRandomGguf_ConfigMatchesReadme()
    {
        using var model = ModelFile.Open(TestModels.Llama2TinyRandomGguf);

        // README §3: embedding 8, 1 block, ffn 32, rope dims 4, 2/2 heads, eps 1e-5, context 4096, 32000 tokens.
        ModelConfig c = model.Config;
        Assert.Equal("llama", c.Architecture);
        Assert.Equal(8, c.EmbeddingLength);
        Assert.Equal(1, c.BlockCount);
        Assert.Equal(32, c.FeedForwardLength);
        Assert.Equal(2, c.HeadCount);
        Assert.Equal(2, c.HeadCountKv);
        Assert.Equal(4, c.HeadDim);
        Assert.Equal(4, c.RopeDimensions);
        Assert.Equal(4096, c.ContextLength);
        Assert.Equal(32000, c.VocabSize);
        Assert.Equal(1e-5f, c.RmsNormEps);
        Assert.Equal(10000f, c.RopeFreqBase);
        Assert.Equal(RopeStyle.Normal, c.RopeStyle);
        Assert.Equal(1f, c.RopeScalingFactor);

        Assert.Equal(32000, model.Vocabulary.Count);
        Assert.Equal(new TokenId(1), model.Vocabulary.Bos);
        Assert.Equal(new TokenId(2), model.Vocabulary.Eos);
        Assert.Equal(new TokenId(0), model.Vocabulary.Unk);
        Assert.Equal("▁the", model.Vocabulary.GetPiece(new TokenId(278)));

        WeightMatrix embedding = model.Tensors.GetMatrix("token_embd.weight");
        Assert.Equal((TensorType.F16, 32000, 8), (embedding.Type, embedding.Rows, embedding.Columns));
        WeightMatrix down = model.Tensors.GetMatrix("blk.0.ffn_down.weight");
        Assert.Equal((8, 32), (down.Rows, down.Columns));
        Assert.Equal(8, model.Tensors.GetVector("output_norm.weight").Length);
        Assert.True(model.Tensors.Contains("output.weight"));
    }

    [Fact]
    public void Open_Llama2cBin_NeedsTokenizer()
    {
        var e = Assert.Throws<ModelLoadException>(() => ModelFile.Open(TestModels.Stories260KBin));
        Assert.Contains("tokenizer.bin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Llama2cBinWithTokenizer_ReadsConfigAndVocabulary()
    {
        using var model = ModelFile.Open(TestModels.Stories260KBin, TestModels.Tok512Bin);

        Assert.Equal(64, model.Config.EmbeddingLength);
        Assert.Equal(172, model.Config.FeedForwardLength);
        Assert.Equal(4, model.Config.HeadCountKv);
        Assert.Equal(512, model.Vocabulary.Count);
        Assert.Equal(512, model.Config.VocabSize);
        Assert.False(model.Tensors.Contains("output.weight"));
    }

    [Fact]
    public void Open_MissingFile_IsModelLoadException()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ModelLoadException>(() => ModelFile.Open(Path.Combine(dir.Path, "none.gguf")));
    }
}
