namespace Augur.Tensors.Tests;

public class TensorTypeInfoTests
{
    [Theory]
    [InlineData(TensorType.Q4_0, 32, 18)]
    [InlineData(TensorType.Q8_0, 32, 34)]
    [InlineData(TensorType.Q4_K, 256, 144)]
    [InlineData(TensorType.Q6_K, 256, 210)]
    [InlineData(TensorType.Q8_K, 256, 292)]
    [InlineData(TensorType.F16, 1, 2)]
    public void Geometry_matches_ggml(TensorType type, int blockSize, int blockBytes)
    {
        Assert.Equal(blockSize, TensorTypeInfo.BlockSize(type));
        Assert.Equal(blockBytes, TensorTypeInfo.BlockBytes(type));
    }

    [Fact]
    public void ByteCount_rejects_partial_blocks()
    {
        Assert.Equal(18 * 4, TensorTypeInfo.ByteCount(TensorType.Q4_0, 128));
        Assert.Throws<ArgumentException>(() => TensorTypeInfo.ByteCount(TensorType.Q4_0, 100));
    }

    [Fact]
    public void Unknown_type_ids_are_not_known()
    {
        Assert.False(TensorTypeInfo.IsKnown((TensorType)4));
        Assert.False(TensorTypeInfo.IsKnown((TensorType)1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorTypeInfo.BlockSize((TensorType)1000));
    }
}
