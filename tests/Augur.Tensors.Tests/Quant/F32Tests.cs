namespace Augur.Tensors.Quant.Tests;

public class F32Tests : QuantFormatTests<F32>
{
    [Fact]
    public void QuantizeAndDequantize_KeepEveryBit()
    {
        float[] x = [1.5f, -0f, float.NaN, BitConverter.UInt32BitsToSingle(0x7FA0_0001), float.Epsilon, float.NegativeInfinity];
        byte[] bytes = QuantTestData.Quantize(TensorType.F32, x);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(BitConverter.SingleToUInt32Bits(x[i]), BitConverter.ToUInt32(bytes, 4 * i));
        float[] y = QuantTestData.Dequantize(TensorType.F32, bytes, x.Length);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(BitConverter.SingleToUInt32Bits(x[i]), BitConverter.SingleToUInt32Bits(y[i]));
    }
}
