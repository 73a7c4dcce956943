using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>Σ x with a double accumulator (ggml's <c>ggml_float</c>), as softmax normalizes.</summary>
    private static double SumDouble(ReadOnlySpan<float> x) => Sum<Plain>(x);

    /// <summary>Σ x², each square rounded to float and the sum kept in double, as ggml's rms_norm does.</summary>
    private static double SumOfSquaresDouble(ReadOnlySpan<float> x) => Sum<Square>(x);

    private static double Sum<TOperator>(ReadOnlySpan<float> x)
        where TOperator : struct, IFloatTerm
    {
        ref float start = ref MemoryMarshal.GetReference(x);
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            Vector256<double> accLower = Vector256<double>.Zero, accUpper = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(TOperator.Invoke(Vector256.LoadUnsafe(ref start, (nuint)i)));
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
                (Vector128<double> lower, Vector128<double> upper) = Vector128.Widen(TOperator.Invoke(Vector128.LoadUnsafe(ref start, (nuint)i)));
                accLower += lower;
                accUpper += upper;
            }
            sum = Vector128.Sum(accLower + accUpper);
        }

        for (; i < x.Length; i++)
            sum += TOperator.Invoke(Unsafe.Add(ref start, i));
        return sum;
    }

    /// <summary>The per-element term of a double-accumulated sum.</summary>
    private interface IFloatTerm
    {
        static abstract float Invoke(float x);
        static abstract Vector128<float> Invoke(Vector128<float> x);
        static abstract Vector256<float> Invoke(Vector256<float> x);
    }

    private readonly struct Plain : IFloatTerm
    {
        public static float Invoke(float x) => x;
        public static Vector128<float> Invoke(Vector128<float> x) => x;
        public static Vector256<float> Invoke(Vector256<float> x) => x;
    }

    private readonly struct Square : IFloatTerm
    {
        public static float Invoke(float x) => x * x;
        public static Vector128<float> Invoke(Vector128<float> x) => x * x;
        public static Vector256<float> Invoke(Vector256<float> x) => x * x;
    }
}
