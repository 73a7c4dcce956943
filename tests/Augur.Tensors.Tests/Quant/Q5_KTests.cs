namespace Augur.Tensors.Quant.Tests;

public class Q5_KTests : KQuantFormatTests<Q5_K>
{
    // Measured about 0.035 on these Gaussian rows.
    protected override double MaxRelativeRmsError => 0.045;

    internal override DotKernel Kernel(string path) => path switch
    {
        "Vector512" => Q5_K.DotVector512,
        "Vector256" => Q5_K.DotVector256,
        "Vector128Ssse3" => Q5_K.DotVector128<Ssse3ByteDot>,
        "Vector128Portable" => Q5_K.DotVector128<PortableByteDot>,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };
}
