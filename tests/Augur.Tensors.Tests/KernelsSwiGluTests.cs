namespace Augur.Tensors.Tests;

public class KernelsSwiGluTests
{
    public static TheoryData<int> Lengths() => FloatKernelAssert.Lengths();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SwiGlu_MatchesScalar(int length)
    {
        float[] gate = FloatKernelAssert.Random(length, 41 + length, scale: 8f);
        float[] up = FloatKernelAssert.Random(length, 43 + length, scale: 3f);
        var expected = new float[length];
        var actual = new float[length];

        Kernels.SwiGluScalar(gate, up, expected);
        Kernels.SwiGlu(gate, up, actual);

        FloatKernelAssert.Close(expected, actual, relative: 4e-6f, absolute: 1e-7f);
    }

    [Fact]
    public void SwiGlu_MatchesDefinitionInDouble()
    {
        float[] gate = [-100f, -3f, -0.5f, 0f, 0.5f, 3f, 20f, 100f, 1f, 2f, 4f, 8f, -8f, -2f, 0.1f, -0.1f, 7f];
        float[] up = FloatKernelAssert.Random(gate.Length, 5, scale: 2f);
        var actual = new float[gate.Length];
        Kernels.SwiGlu(gate, up, actual);

        float[] expected = gate.Select((g, i) => (float)(g / (1 + Math.Exp(-g)) * up[i])).ToArray();
        FloatKernelAssert.Close(expected, actual, relative: 4e-6f, absolute: 1e-30f);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(37)]
    [InlineData(300)]
    public void SwiGlu_InPlace_MatchesOutOfPlace(int length)
    {
        float[] gate = FloatKernelAssert.Random(length, 1, scale: 4f);
        float[] up = FloatKernelAssert.Random(length, 2);
        var expected = new float[length];
        Kernels.SwiGlu(gate, up, expected);

        float[] intoGate = (float[])gate.Clone();
        Kernels.SwiGlu(intoGate, up, intoGate);
        float[] intoUp = (float[])up.Clone();
        Kernels.SwiGlu(gate, intoUp, intoUp);

        Assert.Equal(expected, intoGate);
        Assert.Equal(expected, intoUp);
    }

    [Fact]
    public void SwiGlu_ThrowsForTooShortDestination() =>
        Assert.Throws<ArgumentException>(() => Kernels.SwiGlu(new float[8], new float[8], new float[7]));
}
