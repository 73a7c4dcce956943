namespace Augur.Bench.Speculative;

/// <summary>
/// The expected gains of speculative decoding after Leviathan et al. (2023), "Fast Inference from Transformers via
/// Speculative Decoding": each draft token is accepted with probability α independently, a draft of γ tokens costs
/// γ·c plain decode steps, and the target's verification pass costs v steps (1 in the paper: memory bound).
/// </summary>
public static class LeviathanFormula
{
    /// <summary>Expected tokens one verification emits: (1 − α^(γ+1)) / (1 − α), or γ + 1 at α = 1.</summary>
    public static double TokensPerRound(double alpha, double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gamma);
        alpha = Math.Clamp(alpha, 0, 1);
        return alpha >= 1 ? gamma + 1 : (1 - Math.Pow(alpha, gamma + 1)) / (1 - alpha);
    }

    /// <summary>The expected speedup (1 − α^(γ+1)) / ((1 − α)(γc + v)) in wall-clock time per token.</summary>
    /// <param name="alpha">Per-token acceptance α.</param>
    /// <param name="gamma">Draft length γ.</param>
    /// <param name="costRatio">c: one draft token's cost over one plain decode step's.</param>
    /// <param name="verifyCost">v: the verification pass's cost over one plain decode step's; 1 in the paper.</param>
    public static double Speedup(double alpha, double gamma, double costRatio, double verifyCost = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costRatio);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(verifyCost);
        return TokensPerRound(alpha, gamma) / (gamma * costRatio + verifyCost);
    }
}
