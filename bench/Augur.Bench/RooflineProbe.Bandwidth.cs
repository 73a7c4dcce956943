using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Bench;

public static partial class RooflineProbe
{
    // Each thread's slice is a whole number of these: 8 vectors of 64 bytes per loop iteration.
    internal const int ChunkBytes = 512;

    /// <summary>
    /// Read bandwidth in bytes per second: <paramref name="bufferBytes"/> (rounded down to whole 512-byte chunks per
    /// thread) of 64-byte-aligned native memory, filled first (so that every page is backed by memory of its own
    /// rather than the shared zero page), then summed by all threads, each its own contiguous slice.
    /// </summary>
    internal static unsafe double MeasureReadBandwidth(int threads, long bufferBytes, int passes)
    {
        long chunksPerThread = bufferBytes / ChunkBytes / threads;
        if (chunksPerThread < 1)
            throw new ArgumentOutOfRangeException(nameof(bufferBytes), bufferBytes, "The buffer is too small for that many threads.");
        long sliceBytes = chunksPerThread * ChunkBytes;
        long totalBytes = sliceBytes * threads;
        byte* buffer = (byte*)NativeMemory.AlignedAlloc((nuint)totalBytes, 64);
        try
        {
            var sums = new float[threads];
            MedianPassSeconds(threads, 1, t => Fill((float*)(buffer + t * sliceBytes), sliceBytes / sizeof(float)));
            double seconds = MedianPassSeconds(threads, passes, t => sums[t] = Sum((float*)(buffer + t * sliceBytes), sliceBytes / ChunkBytes));
            return totalBytes / seconds;
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    private static unsafe void Fill(float* data, long count)
    {
        // Small values (1/1024) so that no sum overflows or grows denormal; not zero, so no page stays shared.
        for (long i = 0; i < count; i += int.MaxValue / 2)
            new Span<float>(data + i, (int)Math.Min(int.MaxValue / 2, count - i)).Fill(1f / 1024);
    }

    /// <summary>Sums <paramref name="chunks"/> 512-byte chunks from <paramref name="data"/> with eight independent accumulators.</summary>
    internal static unsafe float Sum(float* data, long chunks)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (long c = 0; c < chunks; c++, data += ChunkBytes / sizeof(float))
            {
                a0 += Vector512.LoadAligned(data);
                a1 += Vector512.LoadAligned(data + 16);
                a2 += Vector512.LoadAligned(data + 32);
                a3 += Vector512.LoadAligned(data + 48);
                a4 += Vector512.LoadAligned(data + 64);
                a5 += Vector512.LoadAligned(data + 80);
                a6 += Vector512.LoadAligned(data + 96);
                a7 += Vector512.LoadAligned(data + 112);
            }
            return Vector512.Sum((a0 + a1) + (a2 + a3) + (a4 + a5) + (a6 + a7));
        }

        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        for (long c = 0; c < chunks; c++)
        {
            // Two passes of eight 32-byte loads cover the 512-byte chunk.
            for (int half = 0; half < 2; half++, data += 64)
            {
                b0 += Vector256.Load(data);
                b1 += Vector256.Load(data + 8);
                b2 += Vector256.Load(data + 16);
                b3 += Vector256.Load(data + 24);
                b4 += Vector256.Load(data + 32);
                b5 += Vector256.Load(data + 40);
                b6 += Vector256.Load(data + 48);
                b7 += Vector256.Load(data + 56);
            }
        }
        return Vector256.Sum((b0 + b1) + (b2 + b3) + (b4 + b5) + (b6 + b7));
    }
}
