using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant.Tests;

public class HalfVectorsTests
{
    /// <summary>Asserts <paramref name="actual"/> is <c>(float)(Half)bits</c>: same bits, or for a NaN same sign and payload.</summary>
    internal static void AssertWidened(ushort bits, float actual)
    {
        float expected = (float)BitConverter.UInt16BitsToHalf(bits);
        uint e = BitConverter.SingleToUInt32Bits(expected), a = BitConverter.SingleToUInt32Bits(actual);
        if (float.IsNaN(expected))
        {
            // The quiet bit (bit 22) may differ; the rest of the payload and the sign may not.
            Assert.True(float.IsNaN(actual), $"0x{bits:X4}: expected NaN, got {actual}");
            Assert.True((e & 0xFFBF_FFFF) == (a & 0xFFBF_FFFF), $"0x{bits:X4}: expected 0x{e:X8}, got 0x{a:X8}");
        }
        else
        {
            Assert.True(e == a, $"0x{bits:X4}: expected {expected} (0x{e:X8}), got {actual} (0x{a:X8})");
        }
    }

    [Fact]
    public void ToSingle512_EveryBitPattern_MatchesHalfConversion()
    {
        var values = new float[16];
        for (int start = 0; start < 65536; start += 16)
        {
            Vector256<ushort> halves = Vector256.Create((ushort)start) + Vector256<ushort>.Indices;
            HalfVectors.ToSingle(halves).CopyTo(values);
            for (int j = 0; j < 16; j++)
                AssertWidened((ushort)(start + j), values[j]);
        }
    }

    [Fact]
    public void ToSingle256_EveryBitPattern_MatchesHalfConversion()
    {
        var values = new float[8];
        for (int start = 0; start < 65536; start += 8)
        {
            Vector128<ushort> halves = Vector128.Create((ushort)start) + Vector128<ushort>.Indices;
            HalfVectors.ToSingle(halves).CopyTo(values);
            for (int j = 0; j < 8; j++)
                AssertWidened((ushort)(start + j), values[j]);
        }
    }

    [Fact]
    public void ToSingle128_EveryBitPattern_MatchesHalfConversion()
    {
        var values = new float[8];
        for (int start = 0; start < 65536; start += 8)
        {
            Vector128<ushort> halves = Vector128.Create((ushort)start) + Vector128<ushort>.Indices;
            HalfVectors.ToSingleLower(halves).CopyTo(values);
            HalfVectors.ToSingleUpper(halves).CopyTo(values, 4);
            for (int j = 0; j < 8; j++)
                AssertWidened((ushort)(start + j), values[j]);
        }
    }

    [Fact]
    public void EvenOddFinite_EveryBitPattern_ExactUnlessInfinityOrNaN()
    {
        // Int32 lane k holds halves 2k (low, "even") and 2k + 1 (high, "odd"); consecutive patterns cover both.
        var even = new float[16];
        var odd = new float[16];
        for (int start = 0; start < 65536; start += 32)
        {
            Vector512<ushort> halves = Vector512.Create((ushort)start) + Vector512<ushort>.Indices;
            HalfVectors.EvenFinite(halves).CopyTo(even);
            HalfVectors.OddFinite(halves).CopyTo(odd);
            AssertPairs(start, even, odd, 16);
            HalfVectors.EvenFinite(halves.GetUpper()).CopyTo(even);
            HalfVectors.OddFinite(halves.GetUpper()).CopyTo(odd);
            AssertPairs(start + 16, even, odd, 8);
            HalfVectors.EvenFinite(halves.GetLower().GetUpper()).CopyTo(even);
            HalfVectors.OddFinite(halves.GetLower().GetUpper()).CopyTo(odd);
            AssertPairs(start + 8, even, odd, 4);
        }
    }

    [Fact]
    public void MaxMagnitude_FlagsExactlyInfinitiesAndNaNs()
    {
        for (int bits = 0; bits < 65536; bits++)
        {
            bool special = ((ushort)bits & 0x7C00) == 0x7C00;
            Vector512<ushort> v512 = HalfVectors.MaxMagnitude(Vector512<ushort>.Zero, Vector512.Create((ushort)bits), Vector512<ushort>.Zero);
            Vector256<ushort> v256 = HalfVectors.MaxMagnitude(Vector256<ushort>.Zero, Vector256<ushort>.Zero, Vector256.Create((ushort)bits));
            Vector128<ushort> v128 = HalfVectors.MaxMagnitude(Vector128.Create((ushort)0x3C00), Vector128.Create((ushort)bits), Vector128<ushort>.Zero);
            Assert.Equal(special, Vector512.GreaterThanOrEqualAny(v512, Vector512.Create(HalfVectors.InfinityBits)));
            Assert.Equal(special, Vector256.GreaterThanOrEqualAny(v256, Vector256.Create(HalfVectors.InfinityBits)));
            Assert.Equal(special, Vector128.GreaterThanOrEqualAny(v128, Vector128.Create(HalfVectors.InfinityBits)));
        }
    }

    private static void AssertPairs(int start, float[] even, float[] odd, int lanes)
    {
        for (int k = 0; k < lanes; k++)
        {
            AssertFinite((ushort)(start + 2 * k), even[k]);
            AssertFinite((ushort)(start + 2 * k + 1), odd[k]);
        }
    }

    // Finite halves widen exactly; an infinity or NaN becomes a finite float in [2^16, 2^17), which is why the dot
    // products look for them separately.
    private static void AssertFinite(ushort bits, float actual)
    {
        if ((bits & 0x7C00) != 0x7C00)
        {
            AssertWidened(bits, actual);
            return;
        }

        float expectedMagnitude = 65536f * (1 + (bits & 0x3FF) / 1024f);
        Assert.Equal((bits & 0x8000) != 0 ? -expectedMagnitude : expectedMagnitude, actual);
    }
}
