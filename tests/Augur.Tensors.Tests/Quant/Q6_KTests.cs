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
}
