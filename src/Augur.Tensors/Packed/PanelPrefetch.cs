using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Packed;

/// <summary>
/// Software prefetch for the panel kernels' first tile over a panel. Without it a pass over a few tokens (speculative
/// verification) waits on memory and computes in turn, and costs nearly a pass per token; the later tiles over the same
/// panel find it in cache and skip this.
/// </summary>
internal static unsafe class PanelPrefetch
{
    /// <summary>
    /// Bytes ahead of the block being computed: about 8 legacy panel blocks or 2 K-quant ones, which covers the memory
    /// latency at the rate a tile computes (measured on Q8_0: 1–4 KiB all serve; none costs a 4-token pass 30 %).
    /// </summary>
    public const int Distance = 2048;

    /// <summary>Asks for the cache lines of the <paramref name="bytes"/> that lie <see cref="Distance"/> past <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ahead(byte* block, int bytes)
    {
        if (!Sse.IsSupported)
            return;
        byte* at = block + Distance;
        for (int offset = 0; offset < bytes; offset += 64)
            Sse.Prefetch0(at + offset);
    }
}
