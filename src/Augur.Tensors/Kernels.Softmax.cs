using System.Numerics.Tensors;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Numerically stable softmax in place: <c>x[i] = exp(x[i] − max) / Σ exp(x[j] − max)</c>.
    /// (<see cref="TensorPrimitives.SoftMax{T}(ReadOnlySpan{T}, Span{T})"/> does not subtract the maximum and overflows
    /// for logits above ~88.) An empty span is left as is.
    /// </summary>
    public static void Softmax(Span<float> x)
    {
        if (x.IsEmpty)
            return;
        float max = TensorPrimitives.Max<float>(x);
        TensorPrimitives.Subtract(x, max, x);
        TensorPrimitives.Exp(x, x);
        // Sum in double, as ggml's soft_max does: a float sum over a 100k-entry vocabulary loses digits.
        double sum = SumDouble(x);
        TensorPrimitives.Multiply(x, (float)(1.0 / sum), x);
    }

    /// <summary>Scalar reference of <see cref="Softmax"/>, summing in double.</summary>
    internal static void SoftmaxScalar(Span<float> x)
    {
        if (x.IsEmpty)
            return;
        float max = float.NegativeInfinity;
        foreach (float value in x)
            max = MathF.Max(max, value);
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Exp(x[i] - max);
            sum += x[i];
        }
        float inverse = (float)(1.0 / sum);
        for (int i = 0; i < x.Length; i++)
            x[i] *= inverse;
    }
}
