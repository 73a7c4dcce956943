using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Bench;

public static partial class RooflineProbe
{
    // Independent dependency chains per thread: enough to cover an FMA's latency (4–5 cycles) times the 2 issued per
    // cycle, with registers to spare (12 accumulators plus 2 operands fit the 16 ymm registers of AVX2 as well).
    private const int Chains = 12;

    internal static string Fp32Instructions => Vector512.IsHardwareAccelerated
        ? "vfmadd zmm (Vector512.FusedMultiplyAdd)"
        : "vfmadd ymm (Vector256.FusedMultiplyAdd)";

    /// <summary>Floating-point operations of one <see cref="FmaChains"/> iteration: 2 per lane of every chain.</summary>
    internal static int Fp32FlopsPerIteration => 2 * Chains * (Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count);

    /// <summary>
    /// The int8 dot-product instructions <see cref="Int8Chains"/> runs: AVX-VNNI's vpdpbusd on ymm registers (.NET has
    /// no 512-bit form of it), else AVX-512BW's vpmaddubsw + vpmaddwd + vpaddd; null with neither.
    /// </summary>
    internal static string? Int8Instructions =>
        AvxVnni.IsSupported ? "AVX-VNNI vpdpbusd ymm" : Avx512BW.IsSupported ? "AVX-512BW vpmaddubsw+vpmaddwd zmm" : null;

    /// <summary>Int8 operations of one <see cref="Int8Chains"/> iteration (2 per u8×s8 product accumulated); 0 without <see cref="Int8Instructions"/>.</summary>
    internal static int Int8OpsPerIteration =>
        // vpdpbusd ymm: 32 byte products into 8 int32 lanes; the AVX-512BW triple: 64 byte products into 16 lanes.
        AvxVnni.IsSupported ? 2 * 32 * Chains : Avx512BW.IsSupported ? 2 * 64 * Chains : 0;

    /// <summary>Peak fp32 operations per second, all threads running <see cref="FmaChains"/>.</summary>
    internal static double MeasureFp32(int threads, int iterations, int passes)
    {
        var sinks = new float[threads];
        double seconds = MedianPassSeconds(threads, passes, t => sinks[t] = FmaChains(iterations));
        return (double)Fp32FlopsPerIteration * iterations * threads / seconds;
    }

    /// <summary>Peak int8 dot-product operations per second, all threads running <see cref="Int8Chains"/>; null without <see cref="Int8Instructions"/>.</summary>
    internal static (double Ops, string Name)? MeasureInt8(int threads, int iterations, int passes)
    {
        if (Int8Instructions is not { } name)
            return null;
        var sinks = new int[threads];
        double seconds = MedianPassSeconds(threads, passes, t => sinks[t] = Int8Chains(iterations));
        return ((double)Int8OpsPerIteration * iterations * threads / seconds, name);
    }

    /// <summary>Runs <paramref name="iterations"/> iterations of the int8 chains; throws <see cref="PlatformNotSupportedException"/> without <see cref="Int8Instructions"/>.</summary>
    internal static int Int8Chains(int iterations) =>
        AvxVnni.IsSupported ? VnniChains(iterations)
        : Avx512BW.IsSupported ? MaddubsChains(iterations)
        : throw new PlatformNotSupportedException("No int8 dot-product instructions (AVX-VNNI or AVX-512BW).");

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static float FmaChains(int iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            // c ← c·a + b converges to b / (1 − a) = 1: the values stay normal whatever the count.
            Vector512<float> a = Vector512.Create(0.999f), b = Vector512.Create(0.001f);
            Vector512<float> c0 = Vector512.Create(0.5f), c1 = c0 + b, c2 = c1 + b, c3 = c2 + b, c4 = c3 + b, c5 = c4 + b;
            Vector512<float> c6 = c5 + b, c7 = c6 + b, c8 = c7 + b, c9 = c8 + b, c10 = c9 + b, c11 = c10 + b;
            for (int i = 0; i < iterations; i++)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b);
                c2 = Vector512.FusedMultiplyAdd(c2, a, b); c3 = Vector512.FusedMultiplyAdd(c3, a, b);
                c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
                c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b);
                c8 = Vector512.FusedMultiplyAdd(c8, a, b); c9 = Vector512.FusedMultiplyAdd(c9, a, b);
                c10 = Vector512.FusedMultiplyAdd(c10, a, b); c11 = Vector512.FusedMultiplyAdd(c11, a, b);
            }
            return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
        }

        Vector256<float> x = Vector256.Create(0.999f), y = Vector256.Create(0.001f);
        Vector256<float> d0 = Vector256.Create(0.5f), d1 = d0 + y, d2 = d1 + y, d3 = d2 + y, d4 = d3 + y, d5 = d4 + y;
        Vector256<float> d6 = d5 + y, d7 = d6 + y, d8 = d7 + y, d9 = d8 + y, d10 = d9 + y, d11 = d10 + y;
        for (int i = 0; i < iterations; i++)
        {
            d0 = Vector256.FusedMultiplyAdd(d0, x, y); d1 = Vector256.FusedMultiplyAdd(d1, x, y);
            d2 = Vector256.FusedMultiplyAdd(d2, x, y); d3 = Vector256.FusedMultiplyAdd(d3, x, y);
            d4 = Vector256.FusedMultiplyAdd(d4, x, y); d5 = Vector256.FusedMultiplyAdd(d5, x, y);
            d6 = Vector256.FusedMultiplyAdd(d6, x, y); d7 = Vector256.FusedMultiplyAdd(d7, x, y);
            d8 = Vector256.FusedMultiplyAdd(d8, x, y); d9 = Vector256.FusedMultiplyAdd(d9, x, y);
            d10 = Vector256.FusedMultiplyAdd(d10, x, y); d11 = Vector256.FusedMultiplyAdd(d11, x, y);
        }
        return Vector256.Sum(d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + d9 + d10 + d11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int VnniChains(int iterations)
    {
        // Wrapping int32 sums: only the instruction count matters.
        Vector256<byte> u = Vector256.Create((byte)3);
        Vector256<sbyte> s = Vector256.Create((sbyte)-5);
        Vector256<int> c0 = Vector256.Create(0), c1 = Vector256.Create(1), c2 = Vector256.Create(2), c3 = Vector256.Create(3);
        Vector256<int> c4 = Vector256.Create(4), c5 = Vector256.Create(5), c6 = Vector256.Create(6), c7 = Vector256.Create(7);
        Vector256<int> c8 = Vector256.Create(8), c9 = Vector256.Create(9), c10 = Vector256.Create(10), c11 = Vector256.Create(11);
        for (int i = 0; i < iterations; i++)
        {
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, u, s); c1 = AvxVnni.MultiplyWideningAndAdd(c1, u, s);
            c2 = AvxVnni.MultiplyWideningAndAdd(c2, u, s); c3 = AvxVnni.MultiplyWideningAndAdd(c3, u, s);
            c4 = AvxVnni.MultiplyWideningAndAdd(c4, u, s); c5 = AvxVnni.MultiplyWideningAndAdd(c5, u, s);
            c6 = AvxVnni.MultiplyWideningAndAdd(c6, u, s); c7 = AvxVnni.MultiplyWideningAndAdd(c7, u, s);
            c8 = AvxVnni.MultiplyWideningAndAdd(c8, u, s); c9 = AvxVnni.MultiplyWideningAndAdd(c9, u, s);
            c10 = AvxVnni.MultiplyWideningAndAdd(c10, u, s); c11 = AvxVnni.MultiplyWideningAndAdd(c11, u, s);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int MaddubsChains(int iterations)
    {
        // The byte operand is each chain's own accumulator, so that no product is loop-invariant (and hoisted out of the loop).
        Vector512<sbyte> s = Vector512.Create((sbyte)-5);
        Vector512<short> ones = Vector512.Create((short)1);
        Vector512<int> c0 = Vector512.Create(0), c1 = Vector512.Create(1), c2 = Vector512.Create(2), c3 = Vector512.Create(3);
        Vector512<int> c4 = Vector512.Create(4), c5 = Vector512.Create(5), c6 = Vector512.Create(6), c7 = Vector512.Create(7);
        Vector512<int> c8 = Vector512.Create(8), c9 = Vector512.Create(9), c10 = Vector512.Create(10), c11 = Vector512.Create(11);
        for (int i = 0; i < iterations; i++)
        {
            c0 = Step(c0, s, ones); c1 = Step(c1, s, ones); c2 = Step(c2, s, ones); c3 = Step(c3, s, ones);
            c4 = Step(c4, s, ones); c5 = Step(c5, s, ones); c6 = Step(c6, s, ones); c7 = Step(c7, s, ones);
            c8 = Step(c8, s, ones); c9 = Step(c9, s, ones); c10 = Step(c10, s, ones); c11 = Step(c11, s, ones);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);

        static Vector512<int> Step(Vector512<int> c, Vector512<sbyte> s, Vector512<short> ones) =>
            Avx512F.Add(c, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c.AsByte(), s), ones));
    }
}
