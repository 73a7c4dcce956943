using Augur.Tensors;

namespace Augur.Models.Quantization.Tests;

public sealed class TensorTypeNamesTests
{
    [Theory]
    [InlineData("f32", TensorType.F32, 0u)]
    [InlineData("F16", TensorType.F16, 1u)]
    [InlineData("bf16", TensorType.BF16, 32u)]
    [InlineData("Q8_0", TensorType.Q8_0, 7u)]
    [InlineData("q4_0", TensorType.Q4_0, 2u)]
    [InlineData("q4_1", TensorType.Q4_1, 3u)]
    [InlineData("q5_0", TensorType.Q5_0, 8u)]
    [InlineData("q5_1", TensorType.Q5_1, 9u)]
    [InlineData("Q4_K", TensorType.Q4_K, 15u)]
    [InlineData("q5_k", TensorType.Q5_K, 17u)]
    [InlineData("q6_K", TensorType.Q6_K, 18u)]
    public void Parse_ValidName_GivesTypeAndLlamaFileType(string name, TensorType type, uint fileType)
    {
        Assert.Equal(type, TensorTypeNames.Parse(name));
        Assert.Equal(fileType, TensorTypeNames.FileType(type));
        Assert.Equal(name.ToLowerInvariant(), TensorTypeNames.NameOf(type));
        Assert.True(TensorTypeNames.IsTarget(type));
    }

    [Theory]
    [InlineData("q8_1")]
    [InlineData("q2_k")]
    [InlineData("q4_k_m")]
    [InlineData("")]
    public void Parse_UnknownName_ListsValidOnes(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => TensorTypeNames.Parse(name));
        Assert.Contains("f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_k, q5_k, q6_k", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonTargets_AreRejected()
    {
        Assert.False(TensorTypeNames.IsTarget(TensorType.Q8_1));
        Assert.False(TensorTypeNames.IsTarget(TensorType.Q8_K));
        Assert.Throws<ArgumentException>(() => TensorTypeNames.FileType(TensorType.Q2_K));
    }
}
