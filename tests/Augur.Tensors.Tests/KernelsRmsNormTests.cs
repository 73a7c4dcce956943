namespace Augur.Tensors.Tests;

public class KernelsRmsNormTests
{
    public static TheoryData<int> Lengths() => FloatKernelAssert.Lengths();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RmsNorm_MatchesScalar(int length)
    {
        float[] x = FloatKernelAssert.Random(length, 20240601 + length, scale: 3f);
        float[] weight = FloatKernelAssert.Random(length, 7 + length);
        var expected = new float[length];
        var actual = new float[length];

        Kernels.RmsNormScalar(x, weight, 1e-5f, expected);
        Kernels.RmsNorm(x, weight, 1e-5f, actual);

        FloatKernelAssert.Close(expected, actual);
    }

    [Fact]
    public void RmsNorm_MatchesDefinitionInDouble()
    {
        float[] x = FloatKernelAssert.Random(64, 11, scale: 5f);
        float[] weight = FloatKernelAssert.Random(64, 12);
        var actual = new float[64];
        Kernels.RmsNorm(x, weight, 1e-5f, actual);

        double meanSquare = x.Sum(v => (double)v * v) / x.Length;
        double scale = 1 / Math.Sqrt(meanSquare + 1e-5);
        FloatKernelAssert.Close(x.Select((v, i) => (float)(v * scale * weight[i])).ToArray(), actual, relative: 1e-6f);
    }

    [Fact]
    public void RmsNorm_InPlace_MatchesOutOfPlace()
    {
        float[] x = FloatKernelAssert.Random(100, 3, scale: 2f);
        float[] weight = FloatKernelAssert.Random(100, 4);
        var expected = new float[100];
        Kernels.RmsNorm(x, weight, 1e-6f, expected);

        Kernels.RmsNorm(x, weight, 1e-6f, x);

        Assert.Equal(expected, x);
    }

    [Fact]
    public void RmsNorm_ZeroInput_GivesZeros()
    {
        var x = new float[16];
        var destination = new float[16];
        destination.AsSpan().Fill(9f);
        Kernels.RmsNorm(x, FloatKernelAssert.Random(16, 5), 1e-5f, destination);
        Assert.All(destination, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RmsNorm_ThrowsForTooShortDestination() =>
        Assert.Throws<ArgumentException>(() => Kernels.RmsNorm(new float[8], new float[8], 1e-5f, new float[7]));

    [Fact]
    public void RmsNorm_ThrowsForWeightLengthMismatch() =>
        Assert.Throws<ArgumentException>(() => Kernels.RmsNorm(new float[8], new float[9], 1e-5f, new float[8]));
}
