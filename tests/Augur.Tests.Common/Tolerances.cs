namespace Augur.Tests.Common;

/// <summary>
/// The one place kernel tests take their tolerances from. Each is relative to a scale the test states, usually
/// Σ|aᵢ·bᵢ| for a dot product, which bounds the rounding error of any summation order.
/// </summary>
public static class Tolerances
{
    /// <summary>
    /// The same float terms summed in a different order (SIMD lanes or FMA against a scalar loop), relative to Σ|terms|.
    /// A float sum of k terms errs by at most about k·2⁻²⁴·Σ|terms|; the rows tested have up to 1000 such terms.
    /// </summary>
    public const double ReorderedSum = 1e-4;

    /// <summary>
    /// A quantized dot product against the float dot of its dequantized operands, relative to Σ|wᵢ·xᵢ|: both compute the
    /// same real number, one with exact integer block sums, the other in double.
    /// </summary>
    public const double DequantizedDot = 1e-5;

    /// <summary>Absolute floor added to every bound, so exact-zero results compare cleanly.</summary>
    public const double Floor = 1e-30;

    /// <summary>The allowed |expected − actual| for a relative tolerance and a scale.</summary>
    public static double Bound(double relative, double scale) => relative * Math.Abs(scale) + Floor;

    /// <summary>Whether <paramref name="actual"/> is within <see cref="Bound"/> of <paramref name="expected"/>.</summary>
    public static bool Within(double expected, double actual, double relative, double scale) =>
        Math.Abs(expected - actual) <= Bound(relative, scale);
}
