namespace Augur.Tensors.Quant.Tests;

public class Q8_KTests : KQuantFormatTests<Q8_K>
{
    // Measured about 0.007 on these Gaussian rows.
    protected override double MaxRelativeRmsError => 0.009;

    internal override DotKernel Kernel(string path) => path switch
    {
        "Vector512" => Q8_K.DotVector512,
        "Vector256" => Q8_K.DotVector256,
        "Vector128Ssse3" => Q8_K.DotVector128<Ssse3ByteDot>,
        "Vector128Portable" => Q8_K.DotVector128<PortableByteDot>,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };
}
