using System.Buffers.Binary;

namespace Augur.Tensors.Quant.Tests;

/// <summary>Hand-built blocks for the layout tests, written from ggml's struct definitions.</summary>
internal static class KQuantBlocks
{
    /// <summary>A Q8_K activation block with d = <paramref name="d"/> and the given quants, bsums filled in.</summary>
    public static byte[] Q8K(float d, Func<int, sbyte> quant)
    {
        var block = new byte[292];
        BinaryPrimitives.WriteSingleLittleEndian(block, d);
        for (int i = 0; i < 256; i++)
            block[4 + i] = (byte)quant(i);
        for (int j = 0; j < 16; j++)
        {
            int sum = 0;
            for (int i = 16 * j; i < 16 * j + 16; i++)
                sum += quant(i);
            BinaryPrimitives.WriteInt16LittleEndian(block.AsSpan(260 + 2 * j), (short)sum);
        }

        return block;
    }
}
