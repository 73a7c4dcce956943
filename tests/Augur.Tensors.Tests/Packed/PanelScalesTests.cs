using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed.Tests;

public class PanelScalesTests
{
    [Fact]
    public void Load_IsExact_ForEveryFiniteHalf()
    {
        var block = new byte[16];
        for (int start = 0; start < 65536; start += 8)
        {
            for (int i = 0; i < 8; i++)
                BitConverter.TryWriteBytes(block.AsSpan(2 * i), (ushort)(start + i));
            float[] widened = new float[8];
            PanelScales.Load(ref block[0]).CopyTo(widened);
            for (int i = 0; i < 8; i++)
            {
                Half h = BitConverter.UInt16BitsToHalf((ushort)(start + i));
                if (!Half.IsFinite(h))
                {
                    Assert.False(PanelScales.IsFinite(block, 2 * i));
                    continue;
                }
                Assert.True(PanelScales.IsFinite(block, 2 * i));
                Assert.Equal(BitConverter.SingleToInt32Bits((float)h), BitConverter.SingleToInt32Bits(widened[i]));
            }
        }
    }
}
