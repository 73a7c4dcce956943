namespace Augur.Engine.Sampling.Tests;

/// <summary>The vectorised search against a scalar loop, at every short length and start, and on model-sized rows.</summary>
public class FloatSearchTests
{
    private static int Scalar(float[] values, int start, float threshold)
    {
        for (int i = start; i < values.Length; i++)
            if (values[i] > threshold)
                return i;
        return values.Length;
    }

    public static TheoryData<int> Lengths => new(Enumerable.Range(0, 70).Concat([127, 128, 129, 4096 + 35, 32000, 128256]));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void IndexOfGreaterThan_MatchesScalar(int length)
    {
        var random = new Random(length);
        float[] values = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
        int[] starts = length <= 70 ? Enumerable.Range(0, length + 1).ToArray() : [0, 1, 17, length / 2, length - 3, length];
        foreach (float threshold in new[] { 0.5f, 0.99f, 0.9999f, 2f, -1f })
            foreach (int start in starts)
                Assert.Equal(Scalar(values, start, threshold), FloatSearch.IndexOfGreaterThan(values, start, threshold));
    }

    [Fact]
    public void IndexOfGreaterThan_SpecialValues()
    {
        float[] values = new float[100];
        Array.Fill(values, float.NegativeInfinity);
        values[70] = float.NaN;
        values[81] = -0f;
        values[90] = float.PositiveInfinity;

        Assert.Equal(81, FloatSearch.IndexOfGreaterThan(values, 0, float.MinValue));
        Assert.Equal(81, FloatSearch.IndexOfGreaterThan(values, 0, float.BitDecrement(0f)));
        Assert.Equal(90, FloatSearch.IndexOfGreaterThan(values, 0, 0f));
        Assert.Equal(100, FloatSearch.IndexOfGreaterThan(values, 0, float.PositiveInfinity));
        Assert.Equal(100, FloatSearch.IndexOfGreaterThan(values, 91, float.NegativeInfinity));
    }
}
