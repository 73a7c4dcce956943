namespace Augur.Tensors.Quant.Tests;

public class Q8_1Tests : BlockFormatTests<Q8_1>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<Q8_1>(path, blocks, activations, blockCount);

    [Fact]
    public void Quantize_StoresDTimesSumOfQuantsAsS()
    {
        // amax = 127 makes d = 1, so s must be exactly Σ q: 127 + 3 − 3 + 1 + 2 + 0·27 = 130.
        var x = new float[32];
        float[] head = [127f, 2.5f, -2.5f, 0.5f, 1.6f];
        head.CopyTo(x, 0);
        var block = new byte[36];
        Q8_1.Quantize(x, block);
        Assert.Equal(QuantTestData.HalfBits(1f), BitConverter.ToUInt16(block, 0));
        Assert.Equal(QuantTestData.HalfBits(130f), BitConverter.ToUInt16(block, 2));
        sbyte[] expected = [127, 3, -3, 1, 2];
        for (int j = 0; j < expected.Length; j++)
            Assert.Equal(expected[j], (sbyte)block[4 + j]);
    }

    [Fact]
    public void Quantize_SameQuantsAsQ8_0()
    {
        float[] x = QuantTestData.RandomFloats(9, 16 * 32);
        byte[] q8_0 = QuantTestData.Quantize(TensorType.Q8_0, x);
        byte[] q8_1 = QuantTestData.Quantize(TensorType.Q8_1, x);
        for (int b = 0; b < 16; b++)
        {
            Assert.Equal(q8_0.AsSpan(b * 34, 2).ToArray(), q8_1.AsSpan(b * 36, 2).ToArray());
            Assert.Equal(q8_0.AsSpan(b * 34 + 2, 32).ToArray(), q8_1.AsSpan(b * 36 + 4, 32).ToArray());
            int sum = 0;
            for (int j = 0; j < 32; j++)
                sum += (sbyte)q8_1[b * 36 + 4 + j];
            float d = x.AsSpan(b * 32, 32).ToArray().Max(MathF.Abs) / 127f;
            Assert.Equal(QuantTestData.HalfBits(sum * d), BitConverter.ToUInt16(q8_1, b * 36 + 2));
        }
    }
}
