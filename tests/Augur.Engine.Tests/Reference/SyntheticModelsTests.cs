using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Reference.Tests;

/// <summary>The test-only model writer itself (it lives in Augur.Tests.Common, which has no test project).</summary>
public sealed class SyntheticModelsTests
{
    [Fact]
    public void Llama3RopeFactors_Theta500k_Dims64_KeepsHighFrequenciesSlowsLowOnesBlendsBetween()
    {
        // wavelength_i = 2π·500000^(i/32): below 8192/4 = 2048 for i ≤ 14, above 8192 for i ≥ 18 (ln arithmetic by hand).
        float[] factors = SyntheticModels.Llama3RopeFactors(64, 500000f);

        Assert.Equal(32, factors.Length);
        Assert.All(factors[..15], f => Assert.Equal(1f, f));
        Assert.All(factors[18..], f => Assert.Equal(8f, f));
        Assert.True(1f < factors[15] && factors[15] < factors[16] && factors[16] < factors[17] && factors[17] < 8f,
            string.Join(", ", factors[15..18]));
    }

    [Fact]
    public void Write_SameArguments_SameBytes_OtherSeed_OtherBytes()
    {
        using var dir = new TempDirectory();
        var shape = new SyntheticModelShape("qwen2", Dim: 64, Layers: 1, Heads: 4, KvHeads: 2, FeedForward: 96, VocabSize: 512);
        SyntheticModels.Write(dir.File("a.gguf"), shape, TensorType.Q8_0, seed: 7);
        SyntheticModels.Write(dir.File("b.gguf"), shape, TensorType.Q8_0, seed: 7);
        SyntheticModels.Write(dir.File("c.gguf"), shape, TensorType.Q8_0, seed: 8);

        byte[] a = File.ReadAllBytes(dir.File("a.gguf"));
        Assert.Equal(a, File.ReadAllBytes(dir.File("b.gguf")));
        Assert.NotEqual(a, File.ReadAllBytes(dir.File("c.gguf")));
    }

    [Theory]
    [InlineData(TensorType.Q4_K, 768, TensorType.Q4_K)]
    [InlineData(TensorType.Q4_K, 96, TensorType.F32)]
    [InlineData(TensorType.Q8_0, 96, TensorType.Q8_0)]
    [InlineData(TensorType.Q8_0, 100, TensorType.F32)]
    public void StorageType_FallsBackToF32_WhenBlocksDoNotDivideTheRow(TensorType requested, int columns, TensorType stored) =>
        Assert.Equal(stored, SyntheticModels.StorageType(requested, columns));
}
