using Augur.Tensors.Quant;
using Augur.Tensors.Quant.Tests;

namespace Augur.Tensors.Packed.Tests;

/// <summary>
/// <see cref="LinearWeights"/> with K-quant panels: they take Q8_K rows like the K-quant source rows, so a layer that
/// mixes Q4_K, Q5_K and Q6_K matrices (as Q4_K_M files do) converts each input once.
/// </summary>
public class KPanelLinearWeightsTests
{
    [Fact]
    public void KQuantMatrices_ShareQ8KActivations_PackedOrNot()
    {
        const int columns = 512;
        using var q4k = KSourceMatrix.Quantized(TensorType.Q4_K, 16, columns, seed: 1);
        using var q6k = KSourceMatrix.Quantized(TensorType.Q6_K, 16, columns, seed: 2);
        using var q5k = KSourceMatrix.Quantized(TensorType.Q5_K, 16, columns, seed: 3);
        using LinearWeights packed4 = LinearWeights.Prepare(q4k.Weights);
        using LinearWeights packed6 = LinearWeights.Prepare(q6k.Weights);
        using LinearWeights rows4 = LinearWeights.Prepare(q4k.Weights, repack: false);
        using LinearWeights rows5 = LinearWeights.Prepare(q5k.Weights, repack: false);

        Assert.Equal(PackedMatrix.IsAccelerated, packed4.Packed is not null);
        Assert.Equal(PackedMatrix.IsAccelerated, packed6.Packed is not null);
        Assert.Null(rows5.Packed);
        int q8kBytes = Kernels.ActivationBytes(TensorType.Q8_K, columns);
        foreach (LinearWeights w in new[] { packed4, packed6, rows4, rows5 })
        {
            Assert.Equal(q8kBytes, w.ActivationBytes);
            Assert.True(packed4.SharesActivationsWith(w));
            Assert.True(w.SharesActivationsWith(packed6));
        }
    }

    [Fact]
    public void KPanels_DoNotShareWithQ4_0OrOtherWidths()
    {
        using var q4k = KSourceMatrix.Quantized(TensorType.Q4_K, 8, 512, seed: 4);
        using var wide = KSourceMatrix.Quantized(TensorType.Q4_K, 8, 768, seed: 5);
        using var q40 = KSourceMatrix.Quantized(TensorType.Q4_0, 8, 512, seed: 6);
        using LinearWeights k = LinearWeights.Prepare(q4k.Weights);
        using LinearWeights other = LinearWeights.Prepare(wide.Weights);
        using LinearWeights legacy = LinearWeights.Prepare(q40.Weights);
        using LinearWeights legacyRows = LinearWeights.Prepare(q40.Weights, repack: false);

        Assert.False(k.SharesActivationsWith(other));
        Assert.False(k.SharesActivationsWith(legacy));
        Assert.False(legacy.SharesActivationsWith(k));
        Assert.False(k.SharesActivationsWith(legacyRows));
    }

    [Theory]
    [InlineData(TensorType.Q4_K, 1)]
    [InlineData(TensorType.Q4_K, 6)]
    [InlineData(TensorType.Q5_K, 4)]
    [InlineData(TensorType.Q6_K, 1)]
    [InlineData(TensorType.Q6_K, 5)]
    public void MatMul_OnConversionMadeForAnotherKMatrix_MatchesSourceRows(TensorType type, int tokens)
    {
        const int rows = 21, columns = 768;
        using var source = KSourceMatrix.Quantized(type, rows, columns, seed: tokens);
        using var neighbour = KSourceMatrix.Quantized(type == TensorType.Q4_K ? TensorType.Q6_K : TensorType.Q4_K, 8, columns, seed: 7);
        using LinearWeights packed = LinearWeights.Prepare(source.Weights);
        using LinearWeights rows0 = LinearWeights.Prepare(source.Weights, repack: false);
        using LinearWeights converter = LinearWeights.Prepare(neighbour.Weights);
        float[] values = QuantTestData.RandomFloats(tokens + 50, tokens * columns);
        var x = new byte[tokens * converter.ActivationBytes];
        for (int t = 0; t < tokens; t++)
            converter.QuantizeActivations(values.AsSpan(t * columns, columns), x.AsSpan(t * converter.ActivationBytes, converter.ActivationBytes));
        var expected = new float[tokens * rows];
        var actual = new float[tokens * rows];

        rows0.MatMul(x, tokens, expected, 0, rows);
        packed.MatMul(x, tokens, actual, 0, 16);
        packed.MatMul(x, tokens, actual, 16, rows);

        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])), $"{i}: {expected[i]:R} vs {actual[i]:R}");
    }
}
