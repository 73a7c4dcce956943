using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant.Tests;

/// <summary>A SIMD (or scalar) kernel of one format: validated spans, a number of whole blocks.</summary>
internal delegate float DotKernel(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count);

/// <summary>Shared inputs of the K-quant tests: lengths, kernel paths this machine can run, seeded data.</summary>
public static class KQuantTestData
{
    /// <summary>Every multiple of 256 up to 32 blocks, then model row sizes.</summary>
    public static readonly int[] Lengths =
        [.. Enumerable.Range(0, 33).Select(b => 256 * b).Union([2048, 4096, 5632, 11008, 14336])];

    /// <summary>The kernel paths this machine can run (the portable Vector128 path runs anywhere).</summary>
    public static IEnumerable<string> SupportedPaths()
    {
        yield return "Dot";
        yield return "Vector128Portable";
        if (Ssse3.IsSupported)
            yield return "Vector128Ssse3";
        if (Avx2.IsSupported)
            yield return "Vector256";
        if (Avx512BW.IsSupported)
            yield return "Vector512";
    }

    public static TheoryData<string, int> PathsAndLengths()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in SupportedPaths())
        {
            foreach (int length in Lengths)
                data.Add(path, length);
        }

        return data;
    }

    public static TheoryData<string> Paths() => [.. SupportedPaths()];

    public static TheoryData<int> ModelLengths() => [256, 4096, 11008];

    /// <summary>Gaussian values (Box-Muller) with a per-256 random scale, as weights and activations vary.</summary>
    public static float[] Gaussian(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        float blockScale = scale;
        for (int i = 0; i < length; i++)
        {
            if (i % 256 == 0)
                blockScale = scale * (0.25f + 1.75f * random.NextSingle());
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = blockScale * (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    public static double Rms(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
            sum += (double)v * v;
        return values.Length == 0 ? 0 : Math.Sqrt(sum / values.Length);
    }

    public static double RmsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        return a.Length == 0 ? 0 : Math.Sqrt(sum / a.Length);
    }
}
