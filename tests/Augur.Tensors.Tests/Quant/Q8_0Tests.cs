namespace Augur.Tensors.Quant.Tests;

public class Q8_0Tests : BlockFormatTests<Q8_0>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<Q8_0>(path, blocks, activations, blockCount);

    [Fact]
    public void Dequantize_HandBuiltBlock_FollowsLayout()
    {
        // { half d = 0.5; int8 qs[32] = -127, -100, ..., } value = q · d.
        var block = new byte[34];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)0.5f);
        for (int j = 0; j < 32; j++)
            block[2 + j] = (byte)(sbyte)(j * 8 - 127);
        var values = new float[32];
        Q8_0.Dequantize(block, values);
        for (int j = 0; j < 32; j++)
            Assert.Equal((j * 8 - 127) * 0.5f, values[j]);
    }

    [Fact]
    public void Quantize_RoundsHalvesAwayFromZero()
    {
        // amax = 127 makes d = 1 exactly, so q = roundf(x): halves go away from zero (2.5 → 3, −2.5 → −3, 0.5 → 1).
        var x = new float[32];
        float[] head = [-127f, 2.5f, -2.5f, 0.5f, -0.5f, 1.49f, -1.51f, 126.5f, 0.4999f];
        head.CopyTo(x, 0);
        var block = new byte[34];
        Q8_0.Quantize(x, block);
        Assert.Equal(QuantTestData.HalfBits(1f), BitConverter.ToUInt16(block, 0));
        sbyte[] expected = [-127, 3, -3, 1, -1, 1, -2, 127, 0];
        for (int j = 0; j < expected.Length; j++)
            Assert.Equal(expected[j], (sbyte)block[2 + j]);
        for (int j = expected.Length; j < 32; j++)
            Assert.Equal(0, block[2 + j]);
    }

    [Fact]
    public void RoundTrip_ErrorWithinHalfStep()
    {
        float[] x = QuantTestData.RandomFloats(5, 64 * 32);
        float[] y = QuantTestData.Dequantize(TensorType.Q8_0, QuantTestData.Quantize(TensorType.Q8_0, x), x.Length);
        byte[] blocks = QuantTestData.Quantize(TensorType.Q8_0, x);
        for (int b = 0; b < x.Length / 32; b++)
        {
            float amax = x.AsSpan(b * 32, 32).ToArray().Max(MathF.Abs);
            double d = amax / 127.0;
            double dh = (double)BitConverter.ToHalf(blocks, b * 34);
            double bound = 0.5 * d + 127 * Math.Abs(d - dh) + 1e-6 * amax;
            for (int j = b * 32; j < b * 32 + 32; j++)
                Assert.True(Math.Abs(x[j] - y[j]) <= bound, $"element {j}: {x[j]} → {y[j]}, bound {bound}");
        }
    }
}
