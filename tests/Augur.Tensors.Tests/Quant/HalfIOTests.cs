namespace Augur.Tensors.Quant.Tests;

public class HalfIOTests
{
    [Fact]
    public void ToSingle_EveryBitPattern_MatchesHalfConversion()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            float expected = (float)BitConverter.UInt16BitsToHalf((ushort)bits);
            float actual = HalfIO.ToSingle((ushort)bits);
            if (float.IsNaN(expected))
            {
                // NaN: same sign and payload, in the float's top mantissa bits.
                Assert.True(float.IsNaN(actual), $"0x{bits:X4}");
                Assert.Equal(BitConverter.SingleToUInt32Bits(expected) & 0xFFBF_FFFF, BitConverter.SingleToUInt32Bits(actual) & 0xFFBF_FFFF);
            }
            else
            {
                Assert.True(
                    BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(actual),
                    $"0x{bits:X4}: expected {expected}, got {actual}");
            }
        }
    }
}
