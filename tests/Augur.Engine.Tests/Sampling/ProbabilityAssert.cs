namespace Augur.Engine.Sampling.Tests;

internal static class ProbabilityAssert
{
    /// <summary>Element-wise equality within 1e-6: the vectorised exp is not exactly 1 at 0 on every ISA.</summary>
    public static void Close(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-6f);
            Assert.True(expected[i] == 0 == (actual[i] == 0), $"token {i}: {actual[i]} vs {expected[i]}");
        }
    }
}
