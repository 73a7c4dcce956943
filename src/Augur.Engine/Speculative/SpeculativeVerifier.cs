using Augur.Engine.Sampling;

namespace Augur.Engine.Speculative;

/// <summary>
/// The lossless acceptance rule of speculative sampling (Leviathan et al. 2023; Chen et al. 2023). A drafted token x
/// drawn from the draft distribution q is accepted with probability min(1, p(x)/q(x)), where p is the target's; on
/// rejection the token is drawn from norm(max(0, p − q)). Whatever q is, the token that comes out is distributed as p.
/// Deterministic drafters pass q = null, a point mass on x: accept with probability p(x), else draw from p without x.
/// Greedy decoding is the case where p is one-hot: accept exactly when x is the argmax.
/// </summary>
internal static class SpeculativeVerifier
{
    /// <summary>The shape of <see cref="Verify"/>, so that tests can put a deliberately wrong rule in its place.</summary>
    public delegate bool Rule(Sampler sampler, ReadOnlySpan<float> p, ReadOnlySpan<float> q, int drafted, Span<float> residual, out int replacement);

    /// <summary>
    /// Decides on <paramref name="drafted"/>; true when accepted. Otherwise <paramref name="replacement"/> is drawn
    /// from the residual distribution, with <paramref name="sampler"/>'s random stream (as is the acceptance test).
    /// </summary>
    /// <param name="sampler">The sequence's sampler: its random stream decides.</param>
    /// <param name="p">The target's distribution, after every sampling transform.</param>
    /// <param name="q">The draft's distribution, after the same transforms; empty for a point mass at <paramref name="drafted"/>.</param>
    /// <param name="drafted">The drafted token.</param>
    /// <param name="residual">Scratch of the vocabulary's size.</param>
    /// <param name="replacement">The token drawn on rejection; −1 on acceptance.</param>
    public static bool Verify(Sampler sampler, ReadOnlySpan<float> p, ReadOnlySpan<float> q, int drafted, Span<float> residual, out int replacement)
    {
        float pX = p[drafted], qX = q.IsEmpty ? 1f : q[drafted];
        replacement = -1;
        if (pX >= qX)
            return true; // min(1, p/q) = 1: no random number needed
        if (pX > 0f && sampler.NextUniform() * qX < pX)
            return true;

        if (q.IsEmpty)
        {
            p.CopyTo(residual);
            residual[drafted] = 0f;
        }
        else
        {
            for (int i = 0; i < residual.Length; i++)
                residual[i] = MathF.Max(0f, p[i] - q[i]);
        }
        replacement = sampler.SampleFrom(residual);
        return false;
    }
}
