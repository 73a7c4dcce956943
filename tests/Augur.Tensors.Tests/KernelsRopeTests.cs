namespace Augur.Tensors.Tests;

public class KernelsRopeTests
{
    public static TheoryData<int, RopeStyle> HeadDims()
    {
        var data = new TheoryData<int, RopeStyle>();
        for (int d = 2; d <= 256; d += 2)
        {
            data.Add(d, RopeStyle.Normal);
            data.Add(d, RopeStyle.NeoX);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HeadDims))]
    public void ApplyRope_MatchesScalar(int headDim, RopeStyle style)
    {
        float[] inverse = new float[headDim / 2];
        Kernels.RopeInverseFrequencies(headDim, 10000f, [], 1f, inverse);
        var cos = new float[headDim / 2];
        var sin = new float[headDim / 2];
        Kernels.RopeCosSin(inverse, 37, cos, sin);
        float[] expected = FloatKernelAssert.Random(headDim, headDim, scale: 2f);
        float[] actual = (float[])expected.Clone();

        Kernels.ApplyRopeScalar(expected, cos, sin, style);
        Kernels.ApplyRope(actual, cos, sin, style);

        FloatKernelAssert.Close(expected, actual, relative: 1e-6f);
    }

    [Theory]
    [InlineData(RopeStyle.Normal, 0)]
    [InlineData(RopeStyle.Normal, 5)]
    [InlineData(RopeStyle.Normal, 511)]
    [InlineData(RopeStyle.NeoX, 5)]
    [InlineData(RopeStyle.NeoX, 3000)]
    public void ApplyRope_MatchesDefinitionInDouble(RopeStyle style, int position)
    {
        const int HeadDim = 64;
        float[] head = FloatKernelAssert.Random(HeadDim, position + 1);
        double[] expected = head.Select(v => (double)v).ToArray();
        for (int i = 0; i < HeadDim / 2; i++)
        {
            double angle = position * Math.Pow(10000, -2.0 * i / HeadDim);
            (int a, int b) = style == RopeStyle.Normal ? (2 * i, 2 * i + 1) : (i, i + HeadDim / 2);
            double x0 = head[a], x1 = head[b];
            expected[a] = x0 * Math.Cos(angle) - x1 * Math.Sin(angle);
            expected[b] = x0 * Math.Sin(angle) + x1 * Math.Cos(angle);
        }

        Rotate(head, HeadDim, 10000f, [], 1f, position, style);

        // The angle is a float, as in ggml: its rounding grows with the position (about position · 6e-8 rad).
        FloatKernelAssert.Close(expected.Select(v => (float)v).ToArray(), head, relative: 0, absolute: 2e-6f + position * 1.2e-7f);
    }

    [Theory]
    [InlineData(RopeStyle.Normal)]
    [InlineData(RopeStyle.NeoX)]
    public void ApplyRope_PartialRotary_LeavesTailAndRotatesPairs(RopeStyle style)
    {
        const int HeadDim = 16, RopeDims = 8;
        float[] head = FloatKernelAssert.Random(HeadDim, 9);
        float[] original = (float[])head.Clone();

        Rotate(head, RopeDims, 10000f, [], 1f, position: 7, style);

        Assert.Equal(original[RopeDims..], head[RopeDims..]);
        Assert.NotEqual(original[..RopeDims], head[..RopeDims]);
        // Pair i turns by angle 7 · 10000^(−2i/8); NeoX pairs are (i, i + 4) within the rotated part.
        (int a, int b) = style == RopeStyle.Normal ? (2, 3) : (1, 5);
        double angle = 7 * Math.Pow(10000, -2.0 / RopeDims);
        Assert.Equal(original[a] * Math.Cos(angle) - original[b] * Math.Sin(angle), head[a], 5);
        Assert.Equal(original[a] * Math.Sin(angle) + original[b] * Math.Cos(angle), head[b], 5);
    }

    [Fact]
    public void RopeInverseFrequencies_AppliesFactorsAndLinearScale()
    {
        float[] factors = [1f, 2f, 4f, 8f];
        var plain = new float[4];
        var scaled = new float[4];
        Kernels.RopeInverseFrequencies(8, 500000f, [], 1f, plain);
        Kernels.RopeInverseFrequencies(8, 500000f, factors, 4f, scaled);

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(Math.Pow(500000, -2.0 * i / 8), plain[i], 1e-7);
            Assert.Equal(plain[i] / factors[i] / 4, scaled[i], 1e-7);
        }
    }

    [Fact]
    public void ApplyRope_PositionZero_IsIdentity()
    {
        float[] head = FloatKernelAssert.Random(32, 1);
        float[] original = (float[])head.Clone();
        Rotate(head, 32, 10000f, [], 1f, 0, RopeStyle.Normal);
        Assert.Equal(original, head);
    }

    [Fact]
    public void ApplyRope_ManyHeads_RotatesEachHead()
    {
        float[] heads = FloatKernelAssert.Random(4 * 8, 2);
        float[] expected = (float[])heads.Clone();
        var inverse = new float[4];
        var cos = new float[4];
        var sin = new float[4];
        Kernels.RopeInverseFrequencies(8, 10000f, [], 1f, inverse);
        Kernels.RopeCosSin(inverse, 3, cos, sin);
        for (int h = 0; h < 4; h++)
            Kernels.ApplyRopeScalar(expected.AsSpan(h * 8, 8), cos, sin, RopeStyle.Normal);

        Kernels.ApplyRope(heads, 8, cos, sin, RopeStyle.Normal);

        Assert.Equal(expected, heads);
    }

    [Fact]
    public void RopeInverseFrequencies_RejectsOddDimensions() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.RopeInverseFrequencies(7, 10000f, [], 1f, new float[4]));

    private static void Rotate(float[] head, int ropeDims, float freqBase, float[] factors, float linearScale, int position, RopeStyle style)
    {
        var inverse = new float[ropeDims / 2];
        var cos = new float[ropeDims / 2];
        var sin = new float[ropeDims / 2];
        Kernels.RopeInverseFrequencies(ropeDims, freqBase, factors, linearScale, inverse);
        Kernels.RopeCosSin(inverse, position, cos, sin);
        Kernels.ApplyRope(head, cos, sin, style);
    }
}
