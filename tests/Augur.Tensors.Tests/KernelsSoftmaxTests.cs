namespace Augur.Tensors.Tests;

public class KernelsSoftmaxTests
{
    public static TheoryData<int> Lengths() => FloatKernelAssert.Lengths();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Softmax_MatchesScalar(int length)
    {
        float[] expected = FloatKernelAssert.Random(length, 31 + length, scale: 20f);
        float[] actual = (float[])expected.Clone();

        Kernels.SoftmaxScalar(expected);
        Kernels.Softmax(actual);

        FloatKernelAssert.Close(expected, actual, relative: 1e-5f, absolute: 1e-9f);
        if (length > 0)
            Assert.Equal(1.0, actual.Sum(v => (double)v), 4);
    }

    [Fact]
    public void Softmax_LargeLogits_DoNotOverflow()
    {
        float[] x = [1000f, 999f, -1000f, 1000f];
        Kernels.Softmax(x);

        double e = Math.Exp(-1);
        double sum = 2 + e;
        FloatKernelAssert.Close([(float)(1 / sum), (float)(e / sum), 0f, (float)(1 / sum)], x, relative: 1e-6f);
    }

    [Fact]
    public void Softmax_NegativeInfinity_GetsZeroWeight()
    {
        float[] x = [float.NegativeInfinity, 0f, 0f];
        Kernels.Softmax(x);
        Assert.Equal([0f, 0.5f, 0.5f], x);
    }

    [Fact]
    public void Softmax_Empty_IsNoOp() => Kernels.Softmax(Span<float>.Empty);
}
