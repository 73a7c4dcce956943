using Augur.Models;
using Augur.Models.Llama2c;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

public sealed class ModelWeightsTests
{
    [Fact]
    public unsafe void Load_Stories260K_TiesClassifierToEmbedding()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);

        Assert.Same(Architecture.Llama, weights.Architecture);
        Assert.Equal(5, weights.Layers.Count);
        Assert.True(weights.Output.Matrix.Data == weights.TokenEmbedding.Data);
        Assert.Null(weights.Layers[0].QueryBias);
        Assert.Null(weights.RopeFrequencyFactors);
        Assert.Equal((32, 64), (weights.Layers[4].Key.Rows, weights.Layers[4].Key.Columns));
        Assert.Equal((64, 172), (weights.Layers[4].Down.Rows, weights.Layers[4].Down.Columns));
    }

    [Theory]
    [InlineData("blk.2.ffn_up.weight")]
    [InlineData("blk.0.attn_norm.weight")]
    [InlineData("output_norm.weight")]
    [InlineData("token_embd.weight")]
    public void Load_MissingTensor_ThrowsNamingIt(string name)
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        var source = new EditedTensorSource(file).Hide(name);

        var ex = Assert.Throws<ModelLoadException>(() => ModelWeights.Load(file.Config, source));
        Assert.Contains(name, ex.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShapeDisagreesWithConfig_ThrowsNamingTensor()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);

        var ffn = Assert.Throws<ModelLoadException>(() => ModelWeights.Load(file.Config with { FeedForwardLength = 100 }, file));
        Assert.Contains("blk.0.ffn_gate.weight", ffn.Fault, StringComparison.Ordinal);
        var kv = Assert.Throws<ModelLoadException>(() => ModelWeights.Load(file.Config with { HeadCountKv = 8 }, file));
        Assert.Contains("blk.0.attn_k.weight", kv.Fault, StringComparison.Ordinal);
        var bias = new EditedTensorSource(file).Add("blk.1.attn_v.bias", new float[31]);
        Assert.Contains("blk.1.attn_v.bias", Assert.Throws<ModelLoadException>(() => ModelWeights.Load(file.Config, bias)).Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownArchitectureOrWrongRope_Throws()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);

        Assert.Throws<ModelLoadException>(() => ModelWeights.Load(file.Config with { Architecture = "gpt2" }, file));
        Assert.Throws<ModelLoadException>(() => ModelWeights.Load(file.Config with { RopeStyle = RopeStyle.NeoX }, file));
        Assert.Throws<ModelLoadException>(() => ModelWeights.Load(file.Config with { HeadCountKv = 3 }, file));
    }

    [Fact]
    public void Load_Qwen2WithoutBias_ThrowsNamingIt()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelConfig qwen = file.Config with { Architecture = "qwen2", RopeStyle = RopeStyle.NeoX };

        var ex = Assert.Throws<ModelLoadException>(() => ModelWeights.Load(qwen, file));
        Assert.Contains("blk.0.attn_q.bias", ex.Fault, StringComparison.Ordinal);
    }
}
