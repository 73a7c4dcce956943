using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Packed;

/// <summary>
/// A weight matrix repacked at load into row panels for the panel kernels (see <see cref="IPanelFormat"/>): panel p holds
/// rows 8p..8p+7 (the last one padded with zero rows), its blocks in column order. The K-quants (Q4_K, Q5_K, Q6_K) have their
/// own panel formats over 256-element superblocks (see <see cref="IKPanelFormat"/>). Same bytes as the source for every
/// type. Owns its native memory; dispose it when the model is unloaded.
/// </summary>
public sealed unsafe class PackedMatrix : IDisposable
{
    /// <summary>Weight rows per panel.</summary>
    public const int PanelRows = 8;

    private byte* _data;

    private PackedMatrix(TensorType type, int rows, int columns, int blockSize, int panelBlockBytes)
    {
        Type = type;
        Rows = rows;
        Columns = columns;
        Panels = (rows + PanelRows - 1) / PanelRows;
        BlocksPerRow = columns / blockSize;
        PanelBytes = (long)BlocksPerRow * panelBlockBytes;
        ByteLength = PanelBytes * Panels;
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(ByteLength, 1), 64);
        NativeMemory.Clear(_data, (nuint)ByteLength);
    }

    ~PackedMatrix() => Free();

    /// <summary>The source format.</summary>
    public TensorType Type { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Panels: rows / 8 rounded up.</summary>
    public int Panels { get; }

    /// <summary>Blocks per row: 32-element blocks, or 256-element superblocks for the K-quants.</summary>
    public int BlocksPerRow { get; }

    /// <summary>Bytes of one panel.</summary>
    public long PanelBytes { get; }

    /// <summary>Bytes of all panels.</summary>
    public long ByteLength { get; }

    /// <summary>Whether this machine has a vector panel kernel (AVX2); elsewhere matrices stay in their source rows.</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// Whether the kernels take activations in the source format's dot type (Q8_K rows from
    /// <see cref="Kernels.QuantizeActivations"/>, as the K-quants do) rather than <see cref="PanelActivations"/>.
    /// </summary>
    public bool UsesSourceActivations => IsKQuant(Type);

    /// <summary>Whether <paramref name="type"/> has a panel format.</summary>
    public static bool Supports(TensorType type) => type is TensorType.Q4_0 or TensorType.Q8_0 || IsKQuant(type);

    /// <summary>Repacks <paramref name="source"/> (a type that <see cref="Supports"/>).</summary>
    public static PackedMatrix Pack(in WeightMatrix source) => source.Type switch
    {
        TensorType.Q4_0 => Pack<Q4_0Panel>(source),
        TensorType.Q8_0 => Pack<Q8_0Panel>(source),
        TensorType.Q4_K => PackK<Q4_KPanel>(source),
        TensorType.Q5_K => PackK<Q5_KPanel>(source),
        TensorType.Q6_K => PackK<Q6_KPanel>(source),
        _ => throw new ArgumentException($"{source.Type} has no panel format.", nameof(source)),
    };

    /// <summary>The first byte of panel <paramref name="panel"/>.</summary>
    internal byte* Panel(int panel)
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
        return _data + panel * PanelBytes;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private static PackedMatrix Pack<TPanel>(in WeightMatrix source) where TPanel : IPanelFormat
    {
        var packed = new PackedMatrix(source.Type, source.Rows, source.Columns, PanelActivations.BlockSize, TPanel.PanelBlockBytes);
        int sourceBlockBytes = (int)TensorTypeInfo.ByteCount(source.Type, PanelActivations.BlockSize);
        for (int r = 0; r < source.Rows; r++)
        {
            ReadOnlySpan<byte> row = source.Row(r);
            byte* panel = packed.Panel(r / PanelRows);
            for (int b = 0; b < packed.BlocksPerRow; b++)
            {
                var panelBlock = new Span<byte>(panel + (long)b * TPanel.PanelBlockBytes, TPanel.PanelBlockBytes);
                TPanel.PackBlock(row.Slice(b * sourceBlockBytes, sourceBlockBytes), r % PanelRows, panelBlock);
            }
        }
        return packed;
    }

    private static PackedMatrix PackK<TPanel>(in WeightMatrix source) where TPanel : IKPanelFormat
    {
        const int SuperblockSize = 256;
        var packed = new PackedMatrix(source.Type, source.Rows, source.Columns, SuperblockSize, TPanel.PanelBlockBytes);
        int sourceBlockBytes = (int)TensorTypeInfo.ByteCount(source.Type, SuperblockSize);
        for (int r = 0; r < source.Rows; r++)
        {
            ReadOnlySpan<byte> row = source.Row(r);
            byte* panel = packed.Panel(r / PanelRows);
            for (int b = 0; b < packed.BlocksPerRow; b++)
            {
                var panelBlock = new Span<byte>(panel + (long)b * TPanel.PanelBlockBytes, TPanel.PanelBlockBytes);
                TPanel.PackBlock(row.Slice(b * sourceBlockBytes, sourceBlockBytes), r % PanelRows, panelBlock);
            }
        }
        return packed;
    }

    private static bool IsKQuant(TensorType type) => type is TensorType.Q4_K or TensorType.Q5_K or TensorType.Q6_K;

    private void Free()
    {
        byte* data = _data;
        _data = null;
        if (data is not null)
            NativeMemory.AlignedFree(data);
    }
}
