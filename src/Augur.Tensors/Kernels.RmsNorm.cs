using System.Numerics.Tensors;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Fused RMS normalization: <c>destination[i] = x[i] / sqrt(mean(x²) + eps) · weight[i]</c>, computed as ggml does
    /// (squares in float, their sum in double, the scale in float). <paramref name="destination"/> may be <paramref name="x"/>.
    /// </summary>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> destination)
    {
        if (weight.Length != x.Length)
            ThrowHelper.ThrowLengthMismatch(nameof(weight));
        if (destination.Length < x.Length)
            ThrowHelper.ThrowDestinationTooShort();
        if (x.IsEmpty)
            return;

        double sum = SumOfSquaresDouble(x);
        float scale = 1.0f / MathF.Sqrt((float)(sum / x.Length) + eps);
        // (x · scale) · weight, in ggml's order: rms_norm then mul.
        TensorPrimitives.Multiply(x, scale, destination);
        TensorPrimitives.Multiply(destination[..x.Length], weight, destination);
    }

    /// <summary>Scalar reference of <see cref="RmsNorm"/>.</summary>
    internal static void RmsNormScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> destination)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
            sum += x[i] * x[i];
        float scale = 1.0f / MathF.Sqrt((float)(sum / x.Length) + eps);
        for (int i = 0; i < x.Length; i++)
            destination[i] = x[i] * scale * weight[i];
    }
}
