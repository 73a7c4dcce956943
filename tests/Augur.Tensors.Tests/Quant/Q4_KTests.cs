namespace Augur.Tensors.Quant.Tests;

public class Q4_KTests : KQuantFormatTests<Q4_K>
{
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
}
