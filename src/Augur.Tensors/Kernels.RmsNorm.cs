using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>Σ x², each square rounded to float and the sum kept in double (ggml's <c>ggml_float</c>).</summary>
    private static double SumOfSquaresDouble(ReadOnlySpan<float> x)
    {
        ref float start = ref MemoryMarshal.GetReference(x);
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            Vector256<double> accLower = Vector256<double>.Zero, accUpper = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(v * v);
                accLower += lower;
                accUpper += upper;
            }
            sum = Vector256.Sum(accLower + accUpper);
        }
        else if (Vector128.IsHardwareAccelerated && x.Length >= Vector128<float>.Count)
        {
            Vector128<double> accLower = Vector128<double>.Zero, accUpper = Vector128<double>.Zero;
            for (; i <= x.Length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> v = Vector128.LoadUnsafe(ref start, (nuint)i);
                (Vector128<double> lower, Vector128<double> upper) = Vector128.Widen(v * v);
                accLower += lower;
                accUpper += upper;
            }
            sum = Vector128.Sum(accLower + accUpper);
        }

        for (; i < x.Length; i++)
        {
            float value = Unsafe.Add(ref start, i);
            sum += value * value;
        }
        return sum;
    }
}
