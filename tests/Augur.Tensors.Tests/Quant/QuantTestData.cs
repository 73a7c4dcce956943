namespace Augur.Tensors.Quant.Tests;

/// <summary>Seeded inputs and float references shared by the format tests.</summary>
internal static class QuantTestData
{
    /// <summary>Row lengths of real models: hidden and FFN sizes and a vocabulary.</summary>
    public static readonly int[] ModelLengths = [2048, 4096, 5632, 11008, 14336, 32000];

    /// <summary>
    /// Every multiple of the block size up to 32 blocks plus the model lengths that are whole blocks; for
    /// one-element blocks every length 0..256, "k·64 + 32 + 3" tails and the model lengths.
    /// </summary>
    public static IEnumerable<int> Lengths(int blockSize)
    {
        var lengths = new SortedSet<int>();
        if (blockSize == 1)
        {
            for (int n = 0; n <= 256; n++)
                lengths.Add(n);
            for (int k = 4; k <= 16; k += 4)
                lengths.Add(k * 64 + 32 + 3);
        }
        else
        {
            for (int blocks = 0; blocks <= 32; blocks++)
                lengths.Add(blocks * blockSize);
        }

        foreach (int n in ModelLengths)
        {
            if (n % blockSize == 0)
                lengths.Add(n);
        }

        return lengths;
    }

    /// <summary>Values around ±1 with an occasional outlier, as activations and weights look.</summary>
    public static float[] RandomFloats(int seed, int n)
    {
        var rng = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            float v = rng.NextSingle() * 2 - 1;
            values[i] = rng.Next(50) == 0 ? v * 20 : v;
        }

        return values;
    }

    /// <summary>Quantizes <paramref name="values"/> into a new array of <paramref name="type"/> blocks.</summary>
    public static byte[] Quantize(TensorType type, float[] values)
    {
        var bytes = new byte[TensorTypeInfo.ByteCount(type, values.Length)];
        QuantFormats.Quantize(type, values, bytes);
        return bytes;
    }

    /// <summary>Dequantizes <paramref name="n"/> elements of <paramref name="type"/> blocks.</summary>
    public static float[] Dequantize(TensorType type, ReadOnlySpan<byte> blocks, int n)
    {
        var values = new float[n];
        QuantFormats.Dequantize(type, blocks[..(int)TensorTypeInfo.ByteCount(type, n)], values);
        return values;
    }

    /// <summary>Σ wᵢ·xᵢ in double, and Σ |wᵢ·xᵢ| as the scale of its rounding error.</summary>
    public static (double Dot, double AbsDot) FloatDot(ReadOnlySpan<float> w, ReadOnlySpan<float> x)
    {
        double dot = 0, abs = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double p = (double)w[i] * x[i];
            dot += p;
            abs += Math.Abs(p);
        }

        return (dot, abs);
    }

    /// <summary>The bits of the half <paramref name="value"/>.</summary>
    public static ushort HalfBits(float value) => BitConverter.HalfToUInt16Bits((Half)value);

    /// <summary>
    /// For Q4_1/Q5_1 × Q8_1: Σ_blocks |m| · |s − d · Σq|, the part of the dot that comes from Q8_1's s being stored as a
    /// half rather than the exact d · Σq the dequantized activations imply.
    /// </summary>
    public static double MinTimesSumError(ReadOnlySpan<byte> weights, int weightBlockBytes, ReadOnlySpan<byte> activations, int n)
    {
        double error = 0;
        for (int b = 0; b < n / 32; b++)
        {
            ReadOnlySpan<byte> w = weights.Slice(b * weightBlockBytes, weightBlockBytes);
            ReadOnlySpan<byte> a = activations.Slice(b * 36, 36);
            int sum = 0;
            for (int j = 0; j < 32; j++)
                sum += (sbyte)a[4 + j];
            double m = (double)BitConverter.ToHalf(w[2..]);
            double d = (double)BitConverter.ToHalf(a);
            double s = (double)BitConverter.ToHalf(a[2..]);
            error += Math.Abs(m) * Math.Abs(s - d * sum);
        }

        return error * (1 + 1e-6);
    }
}
