using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// Q4_0 in panels: 144 bytes per panel block, the same as 8 source blocks. Byte 32c + 4r + j holds element 4c + j of
/// row r in its low nibble and element 16 + 4c + j in its high one, which is source byte <c>qs[4c + j]</c> unchanged.
/// </summary>
internal readonly struct Q4_0Panel : IPanelFormat
{
    public static TensorType Source => TensorType.Q4_0;

    public static int PanelBlockBytes => 16 + 8 * 16;

    public static int ZeroPointShift => 3;

    public static bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock) =>
        PanelPacking.ScaleAndGroups(block, row, panelBlock, groups: 4, mask: 0); // the nibble bytes as they are

    public static int Quant(ReadOnlySpan<byte> quants, int row, int element)
    {
        int group = element / 4, j = element % 4;
        byte b = quants[32 * (group % 4) + 4 * row + j];
        return group < 4 ? b & 0x0F : b >> 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<byte> Low, Vector256<byte> High) Load(ref byte quants, int pair)
    {
        Vector256<byte> v = Vector256.LoadUnsafe(ref quants, (nuint)(32 * pair));
        Vector256<byte> mask = Vector256.Create((byte)0x0F);
        return (v & mask, Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & mask);
    }
}
