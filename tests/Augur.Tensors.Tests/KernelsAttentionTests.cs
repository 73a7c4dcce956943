namespace Augur.Tensors.Tests;

public class KernelsAttentionTests
{
    [Theory]
    [InlineData(1, 64, 1)]
    [InlineData(4, 64, 7)]
    [InlineData(4, 64, 300)]
    [InlineData(2, 128, 33)]
    [InlineData(3, 48, 20)]
    [InlineData(1, 5, 9)]
    public void GroupedAttention_MatchesScalarReference(int group, int headDim, int length)
    {
        int stride = headDim * 3 + 16; // several heads per cache row, as in a real cache
        float[] queries = FloatKernelAssert.Random(group * headDim, seed: 1, scale: 2f);
        float[] keys = FloatKernelAssert.Random(length * stride, seed: 2);
        float[] values = FloatKernelAssert.Random(length * stride, seed: 3);
        float scale = 1f / MathF.Sqrt(headDim);
        var expected = new float[group * headDim];
        var actual = new float[group * headDim];

        Kernels.GroupedAttentionScalar(queries, group, headDim, keys, values, stride, length, scale, new float[group * length], expected);
        Kernels.GroupedAttention(queries, group, headDim, keys, values, stride, length, scale, new float[group * length], actual);

        FloatKernelAssert.Close(expected, actual, relative: 1e-5f, absolute: 1e-6f);
    }

    [Fact]
    public void GroupedAttention_SinglePosition_ReturnsItsValue()
    {
        float[] queries = FloatKernelAssert.Random(2 * 16, seed: 4);
        float[] keys = FloatKernelAssert.Random(16, seed: 5);
        float[] values = FloatKernelAssert.Random(16, seed: 6);
        var output = new float[32];

        Kernels.GroupedAttention(queries, 2, 16, keys, values, 16, 1, 0.25f, new float[2], output);

        Assert.Equal(values, output[..16]);
        Assert.Equal(values, output[16..]);
    }

    [Fact]
    public void GroupedAttention_ZeroLength_ClearsOutput_AndShortBuffersThrow()
    {
        var output = new float[16];
        Array.Fill(output, 9f);
        Kernels.GroupedAttention(new float[16], 1, 16, [], [], 16, 0, 1f, [], output);
        Assert.All(output, v => Assert.Equal(0f, v));

        Assert.Throws<ArgumentException>(() => Kernels.GroupedAttention(new float[16], 1, 16, new float[31], new float[32], 16, 2, 1f, new float[2], output));
        Assert.Throws<ArgumentException>(() => Kernels.GroupedAttention(new float[16], 1, 16, new float[32], new float[32], 16, 2, 1f, new float[1], output));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.GroupedAttention(new float[16], 1, 16, new float[32], new float[32], 8, 2, 1f, new float[2], output));
    }
}
