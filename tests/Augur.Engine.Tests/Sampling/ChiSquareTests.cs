namespace Augur.Engine.Sampling.Tests;

/// <summary>The statistics helper against textbook values, so the distribution tests can trust it.</summary>
public class ChiSquareTests
{
    [Theory]
    [InlineData(3.841459, 1, 0.05)]
    [InlineData(6.634897, 1, 0.01)]
    [InlineData(18.307038, 10, 0.05)]
    [InlineData(59.703058, 30, 0.001)]
    [InlineData(9.342, 10, 0.5)] // median of χ²(10)
    public void UpperTail_TableQuantiles_GiveTheirLevel(double statistic, int degreesOfFreedom, double level) =>
        Assert.Equal(level, ChiSquare.UpperTail(statistic, degreesOfFreedom), 0.001 * level + 1e-4);

    [Theory]
    [InlineData(0.5)]
    [InlineData(4.0)]
    [InlineData(40.0)]
    public void UpperTail_TwoDegrees_IsExponential(double statistic) =>
        Assert.Equal(Math.Exp(-statistic / 2), ChiSquare.UpperTail(statistic, 2), 1e-12);

    [Fact]
    public void PValue_SkewedCounts_AreRejected()
    {
        double p = ChiSquare.PValue([600, 400], [0.5, 0.5]);
        Assert.True(p < 1e-9, $"p = {p}");
    }
}
