using Augur.Models;
using Augur.Tests.Common;

namespace Augur.Bench.Tests;

public class ModelCostTests(TinyEnginesFixture fixture) : IClassFixture<TinyEnginesFixture>
{
    [Fact]
    public void An_f32_model_costs_its_block_matrices_in_operations_and_all_matrices_read_in_bytes()
    {
        ModelConfig c = fixture.Ours.Config;
        ModelCost cost = fixture.Ours.Cost;

        // From the hyperparameters alone: Q and output are dim × qLen, K and V dim × kvLen, the feed-forward three dim × ffn.
        long perLayer = 2L * c.EmbeddingLength * c.QueryLength + 2L * c.EmbeddingLength * c.KeyValueLength + 3L * c.EmbeddingLength * c.FeedForwardLength;
        Assert.Equal(c.BlockCount * perLayer, cost.MatmulParameters);
        Assert.Equal(2L * c.BlockCount * c.KeyValueLength, cost.KvElementsPerPosition);
        Assert.False(cost.Quantized);

        // The test model is all F32 (see AugurEngineUnderTestTests): 4 bytes an element, with the classifier, the norms and one embedding row.
        if (fixture.Ours.Summary.WeightType == "F32")
        {
            long classifier = (long)c.VocabSize * c.EmbeddingLength;
            long norms = (2L * c.BlockCount + 1) * c.EmbeddingLength;
            Assert.Equal(4 * (cost.MatmulParameters + classifier + norms + c.EmbeddingLength), cost.DecodeWeightBytes);
        }
        Assert.True(cost.DecodeWeightBytes > 2 * cost.MatmulParameters);
    }

    [Fact]
    public void A_decode_step_reads_the_weights_and_the_cached_keys_and_values()
    {
        var cost = new ModelCost(MatmulParameters: 10, DecodeWeightBytes: 1000, KvElementsPerPosition: 8, Quantized: true);

        Assert.Equal(1000, cost.DecodeBytes(0, 2));
        Assert.Equal(1000 + 8 * 100.5 * 2, cost.DecodeBytes(100.5, 2));
        Assert.Equal(1000 + 8 * 10 * 4, cost.DecodeBytes(10, 4));
    }

    [Theory]
    [InlineData(Augur.Tensors.TensorType.F32, false)]
    [InlineData(Augur.Tensors.TensorType.F16, false)]
    [InlineData(Augur.Tensors.TensorType.BF16, false)]
    [InlineData(Augur.Tensors.TensorType.Q8_0, true)]
    [InlineData(Augur.Tensors.TensorType.Q4_K, true)]
    public void Block_quantized_types_are_quantized(Augur.Tensors.TensorType type, bool quantized)
    {
        Assert.Equal(quantized, ModelCost.IsQuantized(type));
    }

    [Fact]
    public void A_missing_tensor_is_a_load_error()
    {
        using ModelFile file = ModelFile.Open(TestModels.Llama2TinyRandomGguf);
        ModelConfig deeper = file.Config with { BlockCount = file.Config.BlockCount + 1 };

        Assert.Throws<ModelLoadException>(() => ModelCost.Of(deeper, file.Tensors));
    }
}
