namespace Augur.Tensors.Quant.Tests;

public class Q4_0Tests : BlockFormatTests<Q4_0>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<Q4_0>(path, blocks, activations, blockCount);

    [Fact]
    public void Dequantize_HandBuiltBlock_FollowsLayout()
    {
        // { half d = 0.5; qs[16] }: element j is the low nibble of qs[j], element j + 16 the high one; value = (q − 8) · d.
        var block = new byte[18];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)0.5f);
        for (int j = 0; j < 16; j++)
            block[2 + j] = (byte)(j | ((15 - j) << 4));
        var values = new float[32];
        Q4_0.Dequantize(block, values);
        for (int j = 0; j < 16; j++)
        {
            Assert.Equal((j - 8) * 0.5f, values[j]);
            Assert.Equal((15 - j - 8) * 0.5f, values[j + 16]);
        }
    }

    [Fact]
    public void Quantize_NegativeMax_GivesPositiveScaleAndExactCodes()
    {
        // The value of largest magnitude is −8, so d = −8 / −8 = 1 and q = x + 8 exactly.
        var x = new float[32];
        for (int j = 0; j < 16; j++)
        {
            x[j] = j - 8;
            x[j + 16] = 7 - j;
        }

        var block = new byte[18];
        Q4_0.Quantize(x, block);
        Assert.Equal(QuantTestData.HalfBits(1f), BitConverter.ToUInt16(block, 0));
        for (int j = 0; j < 16; j++)
            Assert.Equal((byte)(j | ((15 - j) << 4)), block[2 + j]);
    }

    [Fact]
    public void Quantize_PositiveMax_NegatesScaleAndClampsTheOppositeExtreme()
    {
        // max = +8 gives d = −1: x = 8 → q = 0 (value 8), and x = −8 would need q = 16, clamped to 15 (value −7).
        var x = new float[32];
        x[0] = 8;
        x[1] = -8;
        x[2] = 3;
        var block = new byte[18];
        Q4_0.Quantize(x, block);
        Assert.Equal(QuantTestData.HalfBits(-1f), BitConverter.ToUInt16(block, 0));
        var y = new float[32];
        Q4_0.Dequantize(block, y);
        Assert.Equal(8f, y[0]);
        Assert.Equal(-7f, y[1]);
        Assert.Equal(3f, y[2]);
        Assert.Equal(0f, y[20]);
    }

    [Fact]
    public void RoundTrip_ErrorWithinHalfStep()
    {
        float[] x = QuantTestData.RandomFloats(5, 64 * 32);
        byte[] blocks = QuantTestData.Quantize(TensorType.Q4_0, x);
        float[] y = QuantTestData.Dequantize(TensorType.Q4_0, blocks, x.Length);
        for (int b = 0; b < x.Length / 32; b++)
        {
            float d = Q4_0.SignedMax(x.AsSpan(b * 32, 32)) / -8;
            double dh = (double)BitConverter.ToHalf(blocks, b * 18);
            for (int j = b * 32; j < b * 32 + 32; j++)
            {
                // Only the far end opposite max can be clamped from 16 to 15, a full step.
                double steps = x[j] / d > 7.5 ? 1 : 0.5;
                double bound = steps * Math.Abs(d) + 8 * Math.Abs(d - dh) + 1e-6 * Math.Abs(d);
                Assert.True(Math.Abs(x[j] - y[j]) <= bound, $"element {j}: {x[j]} → {y[j]}, bound {bound}");
            }
        }
    }
}
