using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// SwiGLU gating: <c>destination[i] = silu(gate[i]) · up[i]</c> with <c>silu(g) = g / (1 + exp(−g))</c>.
    /// <paramref name="destination"/> may be <paramref name="gate"/> or <paramref name="up"/>.
    /// </summary>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> destination)
    {
        if (up.Length != gate.Length)
            ThrowHelper.ThrowLengthMismatch(nameof(up));
        if (destination.Length < gate.Length)
            ThrowHelper.ThrowDestinationTooShort();

        ref float g = ref MemoryMarshal.GetReference(gate);
        ref float u = ref MemoryMarshal.GetReference(up);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = gate.Length, i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> x = Vector512.LoadUnsafe(ref g, (nuint)i);
                Vector512<float> silu = x / (Vector512<float>.One + Vector512.Exp(-x));
                (silu * Vector512.LoadUnsafe(ref u, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref g, (nuint)i);
                Vector256<float> silu = x / (Vector256<float>.One + Vector256.Exp(-x));
                (silu * Vector256.LoadUnsafe(ref u, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> x = Vector128.LoadUnsafe(ref g, (nuint)i);
                Vector128<float> silu = x / (Vector128<float>.One + Vector128.Exp(-x));
                (silu * Vector128.LoadUnsafe(ref u, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        // Tail element by element: an overlapping last vector would re-read outputs when destination aliases an input.
        for (; i < n; i++)
        {
            float x = Unsafe.Add(ref g, i);
            Unsafe.Add(ref d, i) = x / (1.0f + MathF.Exp(-x)) * Unsafe.Add(ref u, i);
        }
    }

    /// <summary>Scalar reference of <see cref="SwiGlu"/>.</summary>
    internal static void SwiGluScalar(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> destination)
    {
        for (int i = 0; i < gate.Length; i++)
            destination[i] = gate[i] / (1.0f + MathF.Exp(-gate[i])) * up[i];
    }
}
