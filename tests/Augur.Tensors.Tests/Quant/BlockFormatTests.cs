using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Augur.Tests.Common;

namespace Augur.Tensors.Quant.Tests;

/// <summary>Adds tests of each ISA path this machine can run, called directly rather than through the dispatch.</summary>
public abstract class BlockFormatTests<TFormat> : QuantFormatTests<TFormat> where TFormat : struct, IQuantFormat
{
    /// <summary>Runs one ISA path of <typeparamref name="TFormat"/> ("512", "256" or "128"; see <c>IDotPaths</c>).</summary>
    protected abstract float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount);

    /// <summary>The paths the production dispatch could choose here (and the portable Vector128 one, which runs anywhere).</summary>
    public static IEnumerable<string> SupportedPaths()
    {
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported)
            yield return "512";
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
            yield return "256";
        yield return "128";
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DotPaths_MatchDotScalar(int n)
    {
        using var inputs = new DotInputs(n, seed: 3000 + n);
        int blocks = n / TFormat.BlockSize;
        float expected = TFormat.DotScalar(inputs.Weights.Span, inputs.Activations.Span, n);
        foreach (string path in SupportedPaths())
        {
            float actual = DotPath(path, inputs.Weights.Span, inputs.Activations.Span, blocks);
            double bound = Tolerances.Bound(Tolerances.ReorderedSum, inputs.AbsScale);
            Assert.True(Math.Abs(expected - actual) <= bound, $"path {path}: expected {expected}, got {actual}, allowed ±{bound}");
        }
    }

    [Fact]
    public void DotPaths_ExtremeQuants_MatchDotScalar()
    {
        // Rows whose blocks are all ±amax saturate every quant, the worst case for int16 pair sums.
        const int n = 8 * 32;
        var w = new float[n];
        var x = new float[n];
        var rng = new Random(11);
        for (int i = 0; i < n; i++)
        {
            w[i] = rng.Next(2) == 0 ? -3 : 3;
            x[i] = rng.Next(2) == 0 ? -5 : 5;
        }

        using var weights = GuardedBuffer<byte>.CopyOf(QuantTestData.Quantize(TFormat.Type, w));
        using var activations = GuardedBuffer<byte>.CopyOf(QuantTestData.Quantize(TFormat.DotType, x));
        (double reference, double scale) = QuantTestData.FloatDot(
            QuantTestData.Dequantize(TFormat.Type, weights.Span, n), QuantTestData.Dequantize(TFormat.DotType, activations.Span, n));
        float expected = TFormat.DotScalar(weights.Span, activations.Span, n);
        double bound = Tolerances.Bound(Tolerances.DequantizedDot, scale) + ExtraDotError(weights.Span, activations.Span, n);
        Assert.InRange(expected, reference - bound, reference + bound);
        foreach (string path in SupportedPaths())
        {
            float actual = DotPath(path, weights.Span, activations.Span, n / TFormat.BlockSize);
            AssertClose(expected, actual, Tolerances.ReorderedSum, scale);
        }
    }
}

/// <summary>Calls an <see cref="IDotPaths"/> member by name, for the test classes of the formats.</summary>
internal static class DotPaths
{
    public static float Run<T>(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) where T : IDotPaths =>
        path switch
        {
            "512" => T.Dot512(blocks, activations, blockCount),
            "256" => T.Dot256(blocks, activations, blockCount),
            "128" => T.Dot128(blocks, activations, blockCount),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
        };
}
