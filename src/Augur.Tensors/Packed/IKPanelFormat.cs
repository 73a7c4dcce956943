using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// How one K-quant format (256-element superblocks) is repacked into row panels of <see cref="PackedMatrix.PanelRows"/>
/// (8) rows for the K panel kernels, and how those kernels multiply it. Panel block k covers elements 256k..256k+255 of
/// the 8 rows, in the same bytes as the 8 source superblocks, with the quants interleaved in 4-byte groups so that a
/// 32-byte load gives, in int lane r, four consecutive quants of row r. The activations are ggml's <c>block_q8_K</c>
/// rows as they are (see <see cref="Quant.Q8_K"/>), so the source rows and the panels share one conversion.
/// </summary>
/// <remarks>
/// Every implementation computes ggml's exact per-superblock integer sums (<c>ggml_vec_dot_*_q8_K</c>) and only
/// then scales them to float, so only the float accumulation over superblocks differs from the scalar reference.
/// </remarks>
internal unsafe interface IKPanelFormat
{
    /// <summary>The GGUF format this panel format repacks.</summary>
    static abstract TensorType Source { get; }

    /// <summary>Bytes of one panel block (8 rows × 256 elements).</summary>
    static abstract int PanelBlockBytes { get; }

    /// <summary>
    /// Writes source superblock <paramref name="block"/> as row slot <paramref name="row"/> (0..7) of <paramref name="panelBlock"/>;
    /// false when a scale (d or dmin) is not finite, which the panel kernels do not reproduce.
    /// </summary>
    static abstract bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock);

    /// <summary>
    /// The scalar reference: row slot <paramref name="row"/>'s dot product over one panel block with one Q8_K block
    /// <paramref name="x"/>, computed as ggml's generic <c>vec_dot</c> does for one superblock.
    /// </summary>
    static abstract float DotScalar(ReadOnlySpan<byte> panelBlock, int row, ReadOnlySpan<byte> x);

    /// <summary>The 8 rows of a panel of <paramref name="blocks"/> panel blocks against one token's Q8_K row.</summary>
    static abstract Vector256<float> Tile1<TMultiplyAdd>(byte* panel, int blocks, byte* x)
        where TMultiplyAdd : IInt8MultiplyAdd;

    /// <summary>
    /// The 8 rows of a panel against 4 tokens' Q8_K rows (which may repeat, to fill a tile), prefetching the panel's
    /// next blocks when <paramref name="prefetch"/> (<see cref="PanelPrefetch"/>).
    /// </summary>
    static abstract void Tile4<TMultiplyAdd>(byte* panel, int blocks, byte* x0, byte* x1, byte* x2, byte* x3, bool prefetch,
        out Vector256<float> acc0, out Vector256<float> acc1, out Vector256<float> acc2, out Vector256<float> acc3)
        where TMultiplyAdd : IInt8MultiplyAdd;
}
