using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// How one 32-element block format is repacked into row panels for the panel kernels. A panel holds
/// <see cref="PackedMatrix.PanelRows"/> (8) weight rows; its k-th panel block covers elements 32k..32k+31 of the 8 rows:
/// their block scales as halves (16 bytes, row order), then unsigned quants interleaved so that a 32-byte load gives, in
/// int lane r, four consecutive quants of row r. The value of quant q is d · (q − 2^<see cref="ZeroPointShift"/>).
/// </summary>
/// <remarks>
/// Elements are taken in 8 groups of 4 (group g: elements 4g..4g+3). <see cref="Load"/> of pair p (0..3) returns
/// groups p and p + 4, which is how a 4-bit block stores its low and high nibbles.
/// </remarks>
internal interface IPanelFormat
{
    /// <summary>The GGUF format this panel format repacks.</summary>
    static abstract TensorType Source { get; }

    /// <summary>Bytes of one panel block: 16 bytes of scales, then the quants of 8 rows × 32 elements.</summary>
    static abstract int PanelBlockBytes { get; }

    /// <summary>log2 of the zero point the unsigned quants are stored above (3 for 4-bit, 7 for 8-bit).</summary>
    static abstract int ZeroPointShift { get; }

    /// <summary>
    /// Writes source block <paramref name="block"/> as row slot <paramref name="row"/> (0..7) of <paramref name="panelBlock"/>;
    /// false when a scale is not finite, which the panel kernels do not reproduce.
    /// </summary>
    static abstract bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock);

    /// <summary>Unsigned quant of element <paramref name="element"/> (0..31) of row slot <paramref name="row"/>, for the scalar reference.</summary>
    static abstract int Quant(ReadOnlySpan<byte> quants, int row, int element);

    /// <summary>Groups <paramref name="pair"/> and <paramref name="pair"/> + 4 of all 8 rows, as unsigned bytes.</summary>
    static abstract (Vector256<byte> Low, Vector256<byte> High) Load(ref byte quants, int pair);
}
