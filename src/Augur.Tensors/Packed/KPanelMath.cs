using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>Vector pieces the K panel formats share.</summary>
internal static unsafe class KPanelMath
{
    /// <summary>The 4 activation quants at <paramref name="quants"/> in every int lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Group(byte* quants) => Vector256.Create(Unsafe.ReadUnaligned<int>(quants)).AsSByte();

    /// <summary>The Q8_K block's float scale in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Scale(byte* block) => Vector256.Create(Unsafe.ReadUnaligned<float>(block));

    /// <summary>The first <paramref name="valid"/> lanes of <paramref name="value"/> to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, float* destination, int valid)
    {
        if (valid == PackedMatrix.PanelRows)
        {
            value.Store(destination);
            return;
        }
        for (int r = 0; r < valid; r++)
            destination[r] = value.GetElement(r);
    }
}
