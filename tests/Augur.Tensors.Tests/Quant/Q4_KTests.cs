namespace Augur.Tensors.Quant.Tests;

public class Q4_KTests : KQuantFormatTests<Q4_K>
{
    // Packed scales written by hand from get_scale_min_k4's bit layout:
    //   sc = [1, 2, 3, 63, 58, 1, 16, 47], m = [7, 0, 62, 9, 37, 2, 63, 0]
    // e.g. sc4 = (byte8 & 0xF) | (byte0 >> 6) << 4 = 0xA | 3 << 4 = 58; m6 = (byte10 >> 4) | (byte6 >> 6) << 4 = 15 | 48 = 63.
    internal static readonly byte[] LiteralScales = [0xC1, 0x02, 0x43, 0xBF, 0x87, 0x00, 0xFE, 0x09, 0x5A, 0x21, 0xF0, 0x0F];

    // Measured about 0.070 on these Gaussian rows.
    protected override double MaxRelativeRmsError => 0.085;

    internal override DotKernel Kernel(string path) => path switch
    {
        "Vector512" => Q4_K.DotVector512,
        "Vector256" => Q4_K.DotVector256,
        "Vector128Ssse3" => Q4_K.DotVector128<Ssse3ByteDot>,
        "Vector128Portable" => Q4_K.DotVector128<PortableByteDot>,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    /// <summary>d = 0.5, dmin = 0.25, every qs byte 0x31: level 1 in even sub-blocks (low nibbles), 3 in odd ones.</summary>
    internal static byte[] LiteralBlock()
    {
        var block = new byte[144];
        block[0] = 0x00; block[1] = 0x38; // half 0.5
        block[2] = 0x00; block[3] = 0x34; // half 0.25
        LiteralScales.CopyTo(block, 4);
        block.AsSpan(16).Fill(0x31);
        return block;
    }

    [Fact]
    public void Dequantize_HandPackedScalesAndMins_GivesLayoutValues()
    {
        // value = d·sc·q − dmin·m per sub-block, with the numbers above.
        float[] perSubBlock = [0.5f * 1 * 1 - 0.25f * 7, 0.5f * 2 * 3 - 0, 0.5f * 3 * 1 - 0.25f * 62, 0.5f * 63 * 3 - 0.25f * 9,
            0.5f * 58 * 1 - 0.25f * 37, 0.5f * 1 * 3 - 0.25f * 2, 0.5f * 16 * 1 - 0.25f * 63, 0.5f * 47 * 3 - 0];
        Assert.Equal([-1.25f, 3f, -14f, 92.25f, 19.75f, 1f, -7.75f, 70.5f], perSubBlock);
        float[] y = Dequantize(LiteralBlock());
        for (int e = 0; e < 256; e++)
            Assert.Equal(perSubBlock[e / 32], y[e]);
    }

    [Fact]
    public void Dequantize_DistinctNibbles_FollowChunkLayout()
    {
        var block = new byte[144];
        block[1] = 0x3C; // d = 1, dmin = 0
        for (int j = 0; j < 4; j++)
            block[4 + j] = 1; // scales 0-3 = 1, mins 0
        for (int j = 8; j < 12; j++)
            block[4 + j] = 0x01; // scales 4-7 = 1, mins 0
        for (int i = 0; i < 128; i++)
            block[16 + i] = (byte)((i % 16) | (((5 * i + 3) % 16) << 4));
        float[] y = Dequantize(block);
        for (int e = 0; e < 256; e++)
        {
            // Chunk c = e / 64 owns qs[32c..32c+31]: low nibbles are its elements 0-31, high nibbles 32-63.
            int c = e / 64, r = e % 64;
            int q = r < 32 ? block[16 + 32 * c + r] & 0xF : block[16 + 32 * c + r - 32] >> 4;
            Assert.Equal(q, y[e]);
        }
    }

    [Fact]
    public void Dot_HandBuiltBlocks_UsesBsumsForMins()
    {
        // Activations all 1 with d = 1: the dot is the sum of the weights, 32 · Σ per-sub-block values = 32 · 163.5.
        byte[] activations = KQuantBlocks.Q8K(1f, _ => 1);
        byte[] weights = LiteralBlock();
        foreach (string path in KQuantTestData.SupportedPaths())
        {
            float dot = path == "Dot" ? Q4_K.Dot(weights, activations, 256) : Kernel(path)(weights, activations, 1);
            Assert.Equal(5232f, dot);
        }

        Assert.Equal(5232f, Q4_K.DotScalar(weights, activations, 256));
    }
}
