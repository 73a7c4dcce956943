namespace Augur.Tensors.Tests;

/// <summary>Inputs and comparisons shared by the float kernel tests (RMSNorm, RoPE, softmax, SwiGLU).</summary>
internal static class FloatKernelAssert
{
    /// <summary>Lengths 0..256 plus model-sized ones and k·64 + 32 + 3 tails.</summary>
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 256; n++)
            data.Add(n);
        foreach (int n in new[] { 4096, 11008, 32000, 5 * 64 + 32 + 3, 17 * 64 + 32 + 3 })
            data.Add(n);
        return data;
    }

    public static float[] Random(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return values;
    }

    /// <summary>Each element within <paramref name="relative"/> of the expected magnitude (or <paramref name="absolute"/> near zero).</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float relative = 2e-6f, float absolute = 1e-6f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = Math.Max(absolute, relative * Math.Abs(expected[i]));
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance) && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                Assert.Fail($"Element {i}: expected {expected[i]:R}, actual {actual[i]:R} (tolerance {tolerance:R}).");
        }
    }
}
