using Augur.Tensors;

namespace Augur.Engine.Reference.Tests;

/// <summary>
/// The tolerances of the differential suite, in one place. Logits are absolute, on the scale the synthetic models are
/// built to (standard deviation about 4, see <c>SyntheticModels.LogitStd</c>).
/// </summary>
/// <remarks>
/// Both engines read the same file, so the weights are identical; the differences come from float summation order (a
/// relative 1e-7 or so per operation) and from what each engine rounds the activations to before a matrix product. Both
/// round them to the same format, as ggml's <c>vec_dot_type</c> says: F32 weights keep F32 activations, F16 and BF16
/// weights take F16 and BF16 activations, the legacy block formats Q8_0 or Q8_1, the K-quants Q8_K. Summation noise
/// usually leaves every rounded activation the same (measured: logits within 1e-5 for every type on most prompts). Now
/// and then an activation sits within that noise of a rounding boundary and rounds to the neighbouring value in one
/// engine only; the step of that value (2⁻¹¹ relative for F16, 2⁻⁸ for BF16, 1/127 of the block's largest value for the
/// 8-bit blocks) then moves every later value, which moves more boundaries. The bounds below are two to three times the
/// largest difference such a cascade produced over this suite's cases, at any of the 80 positions compared. Two llama.cpp settings matter:
/// the KV cache is F32 (its default F16 would round keys and values), and flash attention is off (its CPU kernel
/// rounds too: 0.005 on the F32 model, at the very first position).
/// </remarks>
internal static class DifferentialTolerances
{
    /// <summary>
    /// Largest |Δlogit| allowed for weights of <paramref name="type"/>, by the activation format the type implies.
    /// Measured maxima: F32 1.5e-5; F16 0.012; BF16 0.056; 8-bit blocks 0.32.
    /// </summary>
    public static float MaxLogitDiff(TensorType type) => type switch
    {
        // Summation order only: 1.5e-5 measured; 1e-3 is still 4000 times below the logits' spread.
        TensorType.F32 => 1e-3f,
        // A flipped F16 rounding moves an activation by 2⁻¹¹ of itself.
        TensorType.F16 => 0.04f,
        // BF16 keeps 8 bits of mantissa: flips are 8 times larger than F16's.
        TensorType.BF16 => 0.15f,
        // Q8_0 / Q8_1 / Q8_K activations: a flip moves one element by 1/127 of its block's largest value.
        _ => 0.75f,
    };

    /// <summary>
    /// Of llama.cpp's top 5 logits, how many Augur's top 5 must share: all but one, since a logit difference within
    /// <see cref="MaxLogitDiff"/> may swap the 5th and 6th.
    /// </summary>
    public const int MinTop5Shared = 4;

    /// <summary>
    /// Whether two rankings that put <paramref name="expectedTop"/> and <paramref name="actualTop"/> first are consistent:
    /// the same token, or a near tie that llama.cpp itself separates by no more than twice the logit tolerance (each of
    /// the two logits may move by it). Greedy decoding is checked with the same rule at its first divergence, if any.
    /// </summary>
    public static bool SameOrNearTie(float[] llamaLogits, int expectedTop, int actualTop, TensorType type) =>
        expectedTop == actualTop || llamaLogits[expectedTop] - llamaLogits[actualTop] <= 2 * MaxLogitDiff(type);
}
