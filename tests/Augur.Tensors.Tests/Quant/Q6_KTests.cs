namespace Augur.Tensors.Quant.Tests;

public class Q6_KTests : KQuantFormatTests<Q6_K>
{
    // Measured about 0.017 on these Gaussian rows.
    protected override double MaxRelativeRmsError => 0.022;

    internal override DotKernel Kernel(string path) => path switch
    {
        "Vector512" => Q6_K.DotVector512,
        "Vector256" => Q6_K.DotVector256,
        "Vector128Ssse3" => Q6_K.DotVector128<Ssse3ByteDot>,
        "Vector128Portable" => Q6_K.DotVector128<PortableByteDot>,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    [Fact]
    public void Dequantize_UniformNibblesAndHighBits_GivesGroupLevels()
    {
        // ql all 0xF0 (low nibble 0, high 15); qh all 0b11_10_01_00: group g of each half takes bits 2g..2g+1.
        // Levels: g0 = 0 | 0 << 4 = 0, g1 = 0 | 1 << 4 = 16, g2 = 15 | 2 << 4 = 47, g3 = 15 | 3 << 4 = 63; minus 32.
        int[] centred = [-32, -16, 15, 31];
        var block = new byte[210];
        block.AsSpan(0, 128).Fill(0xF0);
        block.AsSpan(128, 64).Fill(0xE4);
        for (int k = 0; k < 16; k++)
            block[192 + k] = (byte)(sbyte)(k - 7);
        block[208] = 0x00; block[209] = 0x38; // d = 0.5
        float[] y = Dequantize(block);
        for (int e = 0; e < 256; e++)
            Assert.Equal(0.5f * (e / 16 - 7) * centred[e % 128 / 32], y[e]);
        Assert.Equal(0.5f * -7 * -32, y[0]);
        Assert.Equal(0.5f * 8 * 31, y[255]);
    }

    [Fact]
    public void Dequantize_DistinctBytes_FollowHalfGroupLayout()
    {
        var block = new byte[210];
        for (int i = 0; i < 128; i++)
            block[i] = (byte)(7 * i + 1);
        for (int i = 0; i < 64; i++)
            block[128 + i] = (byte)(13 * i + 5);
        block.AsSpan(192, 16).Fill(1);
        block[209] = 0x3C; // d = 1
        float[] y = Dequantize(block);
        for (int e = 0; e < 256; e++)
        {
            // Half h = e / 128 owns ql[64h..], qh[32h..]; element 32g + l: nibble of ql[64h + 32(g % 2) + l]
            // (low for g < 2), bits 2g..2g+1 of qh[32h + l] on top.
            int h = e / 128, g = e % 128 / 32, l = e % 32;
            int ql = block[64 * h + 32 * (g % 2) + l];
            int nibble = g < 2 ? ql & 0xF : ql >> 4;
            int high = (block[128 + 32 * h + l] >> (2 * g)) & 3;
            Assert.Equal((nibble | (high << 4)) - 32, y[e]);
        }
    }

    [Fact]
    public void Dot_HandBuiltBlock_MatchesSumOfScaledLevels()
    {
        var block = new byte[210];
        block.AsSpan(0, 128).Fill(0xF0);
        block.AsSpan(128, 64).Fill(0xE4);
        for (int k = 0; k < 16; k++)
            block[192 + k] = (byte)(sbyte)(k % 2 == 0 ? -128 : 127);
        block[209] = 0x3C; // d = 1
        byte[] activations = KQuantBlocks.Q8K(0.25f, i => (sbyte)(i % 3 - 1));
        int[] centred = [-32, -16, 15, 31];
        double expected = 0;
        for (int e = 0; e < 256; e++)
            expected += (e / 16 % 2 == 0 ? -128 : 127) * centred[e % 128 / 32] * (e % 3 - 1) * 0.25;
        Assert.Equal((float)expected, Q6_K.DotScalar(block, activations, 256));
        foreach (string path in KQuantTestData.SupportedPaths())
            Assert.Equal((float)expected, path == "Dot" ? Q6_K.Dot(block, activations, 256) : Kernel(path)(block, activations, 1));
    }
}
