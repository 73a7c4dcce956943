using Augur.Tests.Common;

namespace Augur.Tensors.Quant.Tests;

/// <summary>
/// Tests every K-quant format shares: round trip, requantization, every SIMD path against the scalar reference,
/// against a float dot product, extreme inputs and argument checks. Each format's class adds its layout checks.
/// </summary>
public abstract class KQuantFormatTests<T>
    where T : IQuantFormat
{
    /// <summary>Bound on RMS(dequantize(quantize(x)) − x) / RMS(x) for Gaussian rows.</summary>
    protected abstract double MaxRelativeRmsError { get; }

    /// <summary>The format's kernel for a path name of <see cref="KQuantTestData.SupportedPaths"/> other than "Dot".</summary>
    internal abstract DotKernel Kernel(string path);

    protected static byte[] Quantize(ReadOnlySpan<float> values)
    {
        var blocks = new byte[values.Length / 256 * T.BlockBytes];
        T.Quantize(values, blocks);
        return blocks;
    }

    protected static float[] Dequantize(ReadOnlySpan<byte> blocks)
    {
        var values = new float[blocks.Length / T.BlockBytes * 256];
        T.Dequantize(blocks, values);
        return values;
    }

    protected static byte[] Activations(ReadOnlySpan<float> values)
    {
        var blocks = new byte[values.Length / 256 * Q8_K.BlockBytes];
        Q8_K.Quantize(values, blocks);
        return blocks;
    }

    [Fact]
    public void Geometry_MatchesTensorTypeInfo()
    {
        Assert.Equal(TensorTypeInfo.BlockSize(T.Type), T.BlockSize);
        Assert.Equal(TensorTypeInfo.BlockBytes(T.Type), T.BlockBytes);
        Assert.Equal(TensorType.Q8_K, T.DotType);
    }

    [Theory]
    [MemberData(nameof(KQuantTestData.ModelLengths), MemberType = typeof(KQuantTestData))]
    public void RoundTrip_GaussianRow_ErrorWithinBound(int length)
    {
        float[] x = KQuantTestData.Gaussian(length, seed: 20240601 + length);
        float[] y = Dequantize(Quantize(x));
        double relative = KQuantTestData.RmsDifference(x, y) / KQuantTestData.Rms(x);
        Assert.InRange(relative, 1e-4, MaxRelativeRmsError);
    }

    [Fact]
    public void Requantize_DequantizedRow_ReproducesBlocks()
    {
        byte[] once = Quantize(KQuantTestData.Gaussian(4096, seed: 7));
        byte[] twice = Quantize(Dequantize(once));
        // Not always byte for byte: Q8_K's d = 1/iscale can move by an ulp, and a Q6_K sub-block whose largest
        // magnitudes now tie between +a and −a may flip the sign of both its scale and its levels. Same values, though.
        int same = once.Zip(twice).Count(pair => pair.First == pair.Second);
        Assert.InRange(same, 0.9 * once.Length, once.Length);
        float[] before = Dequantize(once), after = Dequantize(twice);
        Assert.InRange(KQuantTestData.RmsDifference(before, after), 0, 1e-6 * KQuantTestData.Rms(before));
    }

    [Theory]
    [MemberData(nameof(KQuantTestData.PathsAndLengths), MemberType = typeof(KQuantTestData))]
    public void DotPath_RandomRows_MatchesDotScalarExactly(string path, int length)
    {
        using var weights = GuardedBuffer<byte>.CopyOf(Quantize(KQuantTestData.Gaussian(length, seed: length)));
        using var activations = GuardedBuffer<byte>.CopyOf(Activations(KQuantTestData.Gaussian(length, seed: length + 1, scale: 3f)));
        float expected = T.DotScalar(weights.Span, activations.Span, length);
        float actual = path == "Dot"
            ? T.Dot(weights.Span, activations.Span, length)
            : Kernel(path)(weights.Span, activations.Span, length / 256);
        // Every path computes the same per-block integers and combines them in the same order.
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(KQuantTestData.ModelLengths), MemberType = typeof(KQuantTestData))]
    public void Dot_RandomRows_MatchesFloatDotOfDequantizedValues(int length)
    {
        byte[] weights = Quantize(KQuantTestData.Gaussian(length, seed: 3 * length));
        byte[] activations = Activations(KQuantTestData.Gaussian(length, seed: 3 * length + 1));
        float[] w = Dequantize(weights);
        float[] a = new float[length];
        Q8_K.Dequantize(activations, a);
        double expected = 0, magnitude = 0;
        for (int i = 0; i < length; i++)
        {
            expected += (double)w[i] * a[i];
            magnitude += Math.Abs((double)w[i] * a[i]);
        }

        float actual = T.Dot(weights, activations, length);
        Assert.InRange(actual - expected, -2e-5 * magnitude, 2e-5 * magnitude);
    }

    [Fact]
    public void Quantize_AllZeros_DequantizesToZerosAndDotsToZero()
    {
        byte[] blocks = Quantize(new float[512]);
        Assert.All(Dequantize(blocks), v => Assert.Equal(0f, v));
        byte[] activations = Activations(KQuantTestData.Gaussian(512, seed: 1));
        Assert.Equal(0f, T.Dot(blocks, activations, 512));
        Assert.Equal(0f, T.DotScalar(blocks, activations, 512));
    }

    [Fact]
    public void Quantize_OneHugeOutlier_KeepsOutlierWithoutNaN()
    {
        float[] x = KQuantTestData.Gaussian(512, seed: 11);
        x[300] = 3000f;
        float[] y = Dequantize(Quantize(x));
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.InRange(y[300], 3000f * 0.97f, 3000f * 1.03f);
        // The block without the outlier keeps its usual accuracy.
        double relative = KQuantTestData.RmsDifference(x.AsSpan(0, 256), y.AsSpan(0, 256)) / KQuantTestData.Rms(x.AsSpan(0, 256));
        Assert.InRange(relative, 0, MaxRelativeRmsError);
        AssertDotsAgreeAndFinite(Quantize(x), x.Length);
    }

    [Fact]
    public void Quantize_NegativeOnlyRow_RoundTripsWithinBound()
    {
        float[] x = KQuantTestData.Gaussian(1024, seed: 5).Select(v => -Math.Abs(v) - 0.5f).ToArray();
        float[] y = Dequantize(Quantize(x));
        double relative = KQuantTestData.RmsDifference(x, y) / KQuantTestData.Rms(x);
        Assert.InRange(relative, 0, MaxRelativeRmsError);
        Assert.All(y, v => Assert.True(v <= 1e-3f, $"{v} should not be positive"));
        AssertDotsAgreeAndFinite(Quantize(x), x.Length);
    }

    [Theory]
    [InlineData(1e-3f)]
    [InlineData(1e-6f)]
    [InlineData(1e-9f)]
    [InlineData(1e-30f)]
    public void Quantize_TinyValues_ProducesNoNaN(float magnitude)
    {
        float[] x = KQuantTestData.Gaussian(512, seed: 13, scale: magnitude);
        float[] y = Dequantize(Quantize(x));
        // Scales below half precision's range flush to zero (or its smallest subnormal), as in ggml: values may
        // lose all accuracy, but stay finite and tiny.
        float limit = 10 * x.Max(MathF.Abs) + 1e-5f;
        Assert.All(y, v => Assert.InRange(v, -limit, limit));
        AssertDotsAgreeAndFinite(Quantize(x), x.Length);
    }

    [Fact]
    public void Dot_LengthNotWholeBlocks_Throws()
    {
        byte[] weights = new byte[2 * T.BlockBytes], activations = new byte[2 * Q8_K.BlockBytes];
        Assert.Throws<ArgumentException>(() => T.Dot(weights, activations, 300));
        Assert.Throws<ArgumentException>(() => T.DotScalar(weights, activations, -256));
    }

    [Fact]
    public void Dot_TooShortSpans_Throw()
    {
        byte[] weights = new byte[2 * T.BlockBytes], activations = new byte[2 * Q8_K.BlockBytes];
        Assert.Throws<ArgumentException>("blocks", () => T.Dot(weights.AsSpan(1), activations, 512));
        Assert.Throws<ArgumentException>("activations", () => T.Dot(weights, activations.AsSpan(1), 512));
        Assert.Throws<ArgumentException>("blocks", () => T.DotScalar(weights, activations, 768));
    }

    [Fact]
    public void DequantizeAndQuantize_WrongLengths_Throw()
    {
        byte[] blocks = new byte[2 * T.BlockBytes];
        Assert.Throws<ArgumentException>("destination", () => T.Dequantize(blocks, new float[511]));
        Assert.Throws<ArgumentException>("blocks", () => T.Dequantize(blocks.AsSpan(1), new float[512]));
        Assert.Throws<ArgumentException>("source", () => T.Quantize(new float[500], blocks));
        Assert.Throws<ArgumentException>("blocks", () => T.Quantize(new float[768], blocks));
    }

    private void AssertDotsAgreeAndFinite(byte[] weights, int length)
    {
        byte[] activations = Activations(KQuantTestData.Gaussian(length, seed: 99));
        float expected = T.DotScalar(weights, activations, length);
        Assert.True(float.IsFinite(expected));
        foreach (string path in KQuantTestData.SupportedPaths())
        {
            float actual = path == "Dot" ? T.Dot(weights, activations, length) : Kernel(path)(weights, activations, length / 256);
            Assert.Equal(expected, actual);
        }
    }
}
