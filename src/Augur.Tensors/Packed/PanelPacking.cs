using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Tensors.Packed;

/// <summary>The move shared by the 32-element panel formats: a block's half scale and its quants in 4-byte groups.</summary>
internal static class PanelPacking
{
    /// <summary>
    /// Writes the half scale at byte 0 of <paramref name="block"/> as scale <paramref name="row"/> of <paramref name="panelBlock"/>,
    /// and the <paramref name="groups"/> 4-byte groups after it, each XORed with <paramref name="mask"/>, to bytes
    /// <c>16 + 32g + 4 · row</c>. False when the scale is not finite.
    /// </summary>
    public static bool ScaleAndGroups(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock, int groups, uint mask)
    {
        if ((uint)row >= PackedMatrix.PanelRows || block.Length < 2 + 4 * groups || panelBlock.Length < 16 + 32 * groups)
            throw new ArgumentOutOfRangeException(nameof(row));
        ref byte source = ref MemoryMarshal.GetReference(block);
        ref byte panel = ref MemoryMarshal.GetReference(panelBlock);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref panel, 2 * row), Unsafe.ReadUnaligned<ushort>(ref source));
        for (int g = 0; g < groups; g++)
        {
            uint quants = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, 2 + 4 * g)) ^ mask;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref panel, 16 + 32 * g + 4 * row), quants);
        }
        return PanelScales.IsFinite(block, 0);
    }
}
