using Augur.Models;
using Augur.Models.Llama2c;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

/// <summary>The QKV-bias and NeoX-RoPE paths, run with stories260K's weights dressed up as other architectures.</summary>
public sealed class ArchitectureVariantsTests
{
    private static readonly int[] Prompt = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376];

    [Fact]
    public void Forward_ZeroBiases_LeaveLogitsUnchanged_NonZeroBiasesChangeThem()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(2);
        float[] plain = new Transformer(ModelWeights.Load(file.Config, file), pool).Prefill(Prompt, 0).ToArray();

        float[] zero = new Transformer(ModelWeights.Load(file.Config, WithBiases(file, scale: 0f)), pool).Prefill(Prompt, 0).ToArray();
        float[] biased = new Transformer(ModelWeights.Load(file.Config, WithBiases(file, scale: 0.5f)), pool).Prefill(Prompt, 0).ToArray();

        Assert.Equal(plain, zero);
        Assert.True(plain.Zip(biased).Max(p => MathF.Abs(p.First - p.Second)) > 0.1f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Prefill_Qwen2Style_MatchesStepByStepForward(int threads)
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(threads);
        ModelConfig qwen = file.Config with { Architecture = "qwen2", RopeStyle = RopeStyle.NeoX, RopeDimensionCount = 4, RopeFreqBase = 1e6f };
        ModelWeights weights = ModelWeights.Load(qwen, WithBiases(file, scale: 0.3f));
        var stepwise = new Transformer(weights, pool);
        var batched = new Transformer(weights, pool);

        float[] expected = [];
        for (int pos = 0; pos < Prompt.Length; pos++)
            expected = stepwise.Forward(Prompt[pos], pos).ToArray();
        float[] actual = batched.Prefill(Prompt, 0).ToArray();

        Assert.All(expected, v => Assert.True(float.IsFinite(v)));
        float scale = expected.Max(MathF.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-4f * scale, $"logit {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void Forward_NeoXRope_DiffersFromNormalRope()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(1);
        ITensorSource source = WithBiases(file, scale: 0f);
        float[] normal = new Transformer(ModelWeights.Load(file.Config, source), pool).Prefill(Prompt, 0).ToArray();
        ModelConfig qwen = file.Config with { Architecture = "qwen2", RopeStyle = RopeStyle.NeoX };
        float[] neox = new Transformer(ModelWeights.Load(qwen, source), pool).Prefill(Prompt, 0).ToArray();

        Assert.True(normal.Zip(neox).Max(p => MathF.Abs(p.First - p.Second)) > 0.01f);
    }

    private static EditedTensorSource WithBiases(Llama2cModelFile file, float scale)
    {
        var source = new EditedTensorSource(file);
        var random = new Random(2024);
        int dim = file.Config.QueryLength, kvDim = file.Config.KeyValueLength;
        for (int i = 0; i < file.Config.BlockCount; i++)
        {
            source.Add($"blk.{i}.attn_q.bias", Random(random, dim, scale));
            source.Add($"blk.{i}.attn_k.bias", Random(random, kvDim, scale));
            source.Add($"blk.{i}.attn_v.bias", Random(random, kvDim, scale));
        }
        return source;
    }

    private static float[] Random(Random random, int length, float scale) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
}
