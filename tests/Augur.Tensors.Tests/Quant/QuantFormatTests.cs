using Augur.Tests.Common;

namespace Augur.Tensors.Quant.Tests;

/// <summary>Tests every <see cref="IQuantFormat"/> must pass; each format's test class derives from this.</summary>
public abstract class QuantFormatTests<TFormat> where TFormat : struct, IQuantFormat
{
    public static IEnumerable<object[]> Lengths => QuantTestData.Lengths(TFormat.BlockSize).Select(n => new object[] { n });

    public static IEnumerable<object[]> SomeLengths =>
        QuantTestData.Lengths(TFormat.BlockSize).Where(n => n <= 8 * 32 || n == 4096).Select(n => new object[] { n });

    /// <summary>A weight row of <typeparamref name="TFormat"/> and an activation row in its dot type, both in guarded memory.</summary>
    protected sealed class DotInputs : IDisposable
    {
        public DotInputs(int n, int seed)
        {
            N = n;
            Weights = GuardedBuffer<byte>.CopyOf(QuantTestData.Quantize(TFormat.Type, QuantTestData.RandomFloats(seed, n)));
            Activations = GuardedBuffer<byte>.CopyOf(QuantTestData.Quantize(TFormat.DotType, QuantTestData.RandomFloats(seed + 1, n)));
            (Reference, AbsScale) = QuantTestData.FloatDot(
                QuantTestData.Dequantize(TFormat.Type, Weights.Span, n), QuantTestData.Dequantize(TFormat.DotType, Activations.Span, n));
        }

        public int N { get; }

        public GuardedBuffer<byte> Weights { get; }

        public GuardedBuffer<byte> Activations { get; }

        /// <summary>Σ wᵢ·xᵢ over the dequantized rows, in double.</summary>
        public double Reference { get; }

        /// <summary>Σ |wᵢ·xᵢ| over the dequantized rows.</summary>
        public double AbsScale { get; }

        public void Dispose()
        {
            Weights.Dispose();
            Activations.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_MatchesDotScalar(int n)
    {
        using var inputs = new DotInputs(n, seed: 1000 + n);
        float expected = TFormat.DotScalar(inputs.Weights.Span, inputs.Activations.Span, n);
        float actual = TFormat.Dot(inputs.Weights.Span, inputs.Activations.Span, n);
        AssertClose(expected, actual, Tolerances.ReorderedSum, inputs.AbsScale);
    }

    [Theory]
    [MemberData(nameof(SomeLengths))]
    public void Dot_MatchesFloatDotOfDequantizedRows(int n)
    {
        using var inputs = new DotInputs(n, seed: 2000 + n);
        double slack = ExtraDotError(inputs.Weights.Span, inputs.Activations.Span, n);
        float actual = TFormat.Dot(inputs.Weights.Span, inputs.Activations.Span, n);
        float scalar = TFormat.DotScalar(inputs.Weights.Span, inputs.Activations.Span, n);
        double bound = Tolerances.Bound(Tolerances.DequantizedDot, inputs.AbsScale) + slack;
        Assert.InRange(actual, inputs.Reference - bound, inputs.Reference + bound);
        Assert.InRange(scalar, inputs.Reference - bound, inputs.Reference + bound);
    }

    [Fact]
    public void QuantFormats_DispatchesToTheFormat()
    {
        const int n = 256;
        float[] values = QuantTestData.RandomFloats(7, n);
        var direct = new byte[TensorTypeInfo.ByteCount(TFormat.Type, n)];
        var dispatched = new byte[direct.Length];
        TFormat.Quantize(values, direct);
        QuantFormats.Quantize(TFormat.Type, values, dispatched);
        Assert.Equal(direct, dispatched);

        var a = new float[n];
        var b = new float[n];
        TFormat.Dequantize(direct, a);
        QuantFormats.Dequantize(TFormat.Type, direct, b);
        Assert.Equal(a, b);

        Assert.Equal(TFormat.DotType, QuantFormats.DotType(TFormat.Type));
        byte[] x = QuantTestData.Quantize(TFormat.DotType, QuantTestData.RandomFloats(8, n));
        Assert.Equal(TFormat.Dot(direct, x, n), QuantFormats.Dot(TFormat.Type, direct, x, n));
    }

    [Fact]
    public void Geometry_MatchesTensorTypeInfo()
    {
        Assert.Equal(TensorTypeInfo.BlockSize(TFormat.Type), TFormat.BlockSize);
        Assert.Equal(TensorTypeInfo.BlockBytes(TFormat.Type), TFormat.BlockBytes);
        Assert.Equal(TensorTypeInfo.BlockSize(TFormat.Type), TensorTypeInfo.BlockSize(TFormat.DotType));
    }

    [Fact]
    public void Quantize_ZeroRow_DequantizesToZeroAndDotsToZero()
    {
        const int n = 128;
        byte[] blocks = QuantTestData.Quantize(TFormat.Type, new float[n]);
        Assert.All(QuantTestData.Dequantize(TFormat.Type, blocks, n), v => Assert.Equal(0f, v));
        byte[] x = QuantTestData.Quantize(TFormat.DotType, QuantTestData.RandomFloats(3, n));
        Assert.Equal(0f, TFormat.Dot(blocks, x, n));
    }

    [Fact]
    public void Dot_ThrowsForTooShortBlocks()
    {
        int n = 4 * TFormat.BlockSize;
        byte[] x = new byte[TensorTypeInfo.ByteCount(TFormat.DotType, n)];
        byte[] w = new byte[TFormat.BlockBytes * 4 - 1];
        Assert.Throws<ArgumentException>("blocks", () => TFormat.Dot(w, x, n));
        Assert.Throws<ArgumentException>("blocks", () => TFormat.DotScalar(w, x, n));
    }

    [Fact]
    public void Dot_ThrowsForTooShortActivations()
    {
        int n = 4 * TFormat.BlockSize;
        byte[] w = new byte[TFormat.BlockBytes * 4];
        byte[] x = new byte[TensorTypeInfo.ByteCount(TFormat.DotType, n) - 1];
        Assert.Throws<ArgumentException>("activations", () => TFormat.Dot(w, x, n));
        Assert.Throws<ArgumentException>("activations", () => TFormat.DotScalar(w, x, n));
    }

    [Fact]
    public void Dot_ThrowsForBadLength()
    {
        byte[] w = new byte[TFormat.BlockBytes * 4];
        byte[] x = new byte[TensorTypeInfo.ByteCount(TFormat.DotType, 4 * TFormat.BlockSize)];
        Assert.Throws<ArgumentOutOfRangeException>("n", () => TFormat.Dot(w, x, -1));
        if (TFormat.BlockSize > 1)
            Assert.Throws<ArgumentException>("n", () => TFormat.Dot(w, x, TFormat.BlockSize + 1));
    }

    [Fact]
    public void Quantize_ThrowsForTooShortDestination()
    {
        float[] values = new float[2 * TFormat.BlockSize];
        Assert.Throws<ArgumentException>("blocks", () => TFormat.Quantize(values, new byte[2 * TFormat.BlockBytes - 1]));
        if (TFormat.BlockSize > 1)
            Assert.Throws<ArgumentException>("source", () => TFormat.Quantize(new float[TFormat.BlockSize + 3], new byte[64]));
    }

    [Fact]
    public void Dequantize_ThrowsForTooShortDestination()
    {
        byte[] blocks = new byte[2 * TFormat.BlockBytes];
        Assert.Throws<ArgumentException>("destination", () => TFormat.Dequantize(blocks, new float[2 * TFormat.BlockSize - 1]));
        Assert.Throws<ArgumentException>("blocks", () => TFormat.Dequantize(new byte[TFormat.BlockBytes + 1], new float[64]));
    }

    /// <summary>Error the format allows on top of the float reference (the Q8_1 s rounding for formats with a minimum).</summary>
    protected virtual double ExtraDotError(ReadOnlySpan<byte> weights, ReadOnlySpan<byte> activations, int n) => 0;

    protected static void AssertClose(double expected, double actual, double relative, double scale)
    {
        double bound = Tolerances.Bound(relative, scale);
        Assert.True(Math.Abs(expected - actual) <= bound, $"expected {expected}, got {actual}, allowed ±{bound}");
    }
}
