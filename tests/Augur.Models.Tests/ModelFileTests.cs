using Augur.Models.Gguf;
using Augur.Models.Gguf.Tests;
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
        Assert.Equal(4, c.RopeDimensionCount);
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

    [Fact]
    public void Open_SyntheticGguf_ReadsEverything()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tiny.gguf");
        TinyLlamaGguf.Create().Write(path);

        using var model = ModelFile.Open(path);

        Assert.Equal(path, model.Path);
        Assert.Equal(TinyLlamaGguf.Vocab, model.Config.VocabSize);
        Assert.Equal(TinyLlamaGguf.Pieces.Length, model.Vocabulary.Count);
        Assert.Equal(TinyLlamaGguf.Hidden, model.Tensors.GetMatrix("blk.0.ffn_up.weight").Rows);
    }

    public static TheoryData<string, string> HostileFiles() => new()
    {
        { "gpt-neox", "architecture 'gpt-neox' is not supported" },
        { "no-block-count", "'llama.block_count' is missing" },
        { "no-head-count", "'llama.attention.head_count' is missing" },
        { "embedding-shape", "tensor 'token_embd.weight' has shape [8, 4, 2]" },
        { "gpt2-tokenizer-without-merges", "a 'gpt2' tokenizer needs 'tokenizer.ggml.merges'" },
        { "no-tokenizer", "has no tokenizer" },
        { "vocabulary-too-large", "the vocabulary has 8 tokens but the model only 6 embedding rows" },
        { "truncated", "tiny.gguf" },
        { "not-gguf", "not a GGUF file" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Open_HostileFile_IsModelLoadExceptionWithClearMessage(string kind, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("tiny.gguf");
        GgufWriter writer = kind switch
        {
            "embedding-shape" => TinyLlamaGguf.Create(embeddingDims: [8, 4, 2]),
            "vocabulary-too-large" => TinyLlamaGguf.Create(embeddingDims: [8, 6]),
            _ => TinyLlamaGguf.Create(),
        };
        switch (kind)
        {
            case "gpt-neox": writer.Set(GgufKeys.GeneralArchitecture, GgufValue.From("gpt-neox")); break;
            case "no-block-count": writer.Remove("llama.block_count"); break;
            case "no-head-count": writer.Remove("llama.attention.head_count"); break;
            case "gpt2-tokenizer-without-merges": writer.Set(GgufKeys.TokenizerModel, GgufValue.From("gpt2")); break;
            case "no-tokenizer": writer.Remove(GgufKeys.TokenizerModel); break;
        }
        writer.Write(path);
        if (kind == "truncated")
            File.WriteAllBytes(path, File.ReadAllBytes(path)[..200]);
        if (kind == "not-gguf")
            File.WriteAllBytes(path, [(byte)'G', (byte)'G', (byte)'U', (byte)'X', 1, 2, 3]);

        var e = Assert.Throws<ModelLoadException>(() => ModelFile.Open(path));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.Path);
    }
}
