using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// Q4_0 in panels: 144 bytes per panel block, the same as 8 source blocks. Byte 32c + 4r + j holds element 4c + j of
/// row r in its low nibble and element 16 + 4c + j in its high one, which is source byte <c>qs[4c + j]</c> unchanged.
/// </summary>
internal readonly struct Q4_0Panel : IPanelFormat
{
    private const int SourceQuants = 2;

    public static TensorType Source => TensorType.Q4_0;

    public static int PanelBlockBytes => 16 + 8 * 16;

    public static int ZeroPointShift => 3;

    public static bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock)
    {
        ref byte source = ref MemoryMarshal.GetReference(block);
        ref byte panel = ref MemoryMarshal.GetReference(panelBlock);
        if ((uint)row >= PackedMatrix.PanelRows || block.Length < 18 || panelBlock.Length < PanelBlockBytes)
            throw new ArgumentOutOfRangeException(nameof(row));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref panel, 2 * row), Unsafe.ReadUnaligned<ushort>(ref source));
        for (int c = 0; c < 4; c++)
        {
            uint quants = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, SourceQuants + 4 * c));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref panel, 16 + 32 * c + 4 * row), quants);
        }
        return PanelScales.IsFinite(block, 0);
    }

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
