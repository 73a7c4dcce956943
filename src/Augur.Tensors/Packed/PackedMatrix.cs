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

    private const int KSuperblockSize = 256;

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
        if (rows % PanelRows != 0) // the padding rows of the last panel read as zeros
            NativeMemory.Clear(_data + (Panels - 1) * PanelBytes, (nuint)PanelBytes);
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

    /// <summary>
    /// Repacks <paramref name="source"/>, or returns null when its type has no panel format or one of its scales is
    /// infinite or NaN (the source rows then compute it exactly as ggml does).
    /// </summary>
    public static PackedMatrix? TryPack(in WeightMatrix source) => source.Type switch
    {
        TensorType.Q4_0 => TryPackPanels(source, PanelActivations.BlockSize, Q4_0Panel.PanelBlockBytes, &Q4_0Panel.PackBlock),
        TensorType.Q8_0 => TryPackPanels(source, PanelActivations.BlockSize, Q8_0Panel.PanelBlockBytes, &Q8_0Panel.PackBlock),
        TensorType.Q4_K => TryPackPanels(source, KSuperblockSize, Q4_KPanel.PanelBlockBytes, &Q4_KPanel.PackBlock),
        TensorType.Q5_K => TryPackPanels(source, KSuperblockSize, Q5_KPanel.PanelBlockBytes, &Q5_KPanel.PackBlock),
        TensorType.Q6_K => TryPackPanels(source, KSuperblockSize, Q6_KPanel.PanelBlockBytes, &Q6_KPanel.PackBlock),
        _ => null,
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

    private static PackedMatrix? TryPackPanels(
        in WeightMatrix source, int blockSize, int panelBlockBytes, delegate*<ReadOnlySpan<byte>, int, Span<byte>, bool> packBlock)
    {
        var packed = new PackedMatrix(source.Type, source.Rows, source.Columns, blockSize, panelBlockBytes);
        WeightMatrix rows = source;
        nint pack = (nint)packBlock;
        int finitePanels = 0;
        // Load time, not the hot path: panels are independent, so they are packed on all cores.
        Parallel.For(0, packed.Panels, p =>
        {
            if (PackPanel(rows, packed, p, blockSize, panelBlockBytes, (delegate*<ReadOnlySpan<byte>, int, Span<byte>, bool>)pack))
                Interlocked.Increment(ref finitePanels);
        });
        if (finitePanels == packed.Panels)
            return packed;
        packed.Dispose();
        return null;
    }

    private static bool PackPanel(in WeightMatrix source, PackedMatrix packed, int panel, int blockSize, int panelBlockBytes,
        delegate*<ReadOnlySpan<byte>, int, Span<byte>, bool> packBlock)
    {
        int sourceBlockBytes = (int)TensorTypeInfo.ByteCount(source.Type, blockSize);
        byte* data = packed.Panel(panel);
        bool finite = true;
        for (int r = panel * PanelRows; r < Math.Min(source.Rows, (panel + 1) * PanelRows); r++)
        {
            ReadOnlySpan<byte> row = source.Row(r);
            for (int b = 0; b < packed.BlocksPerRow; b++)
            {
                var panelBlock = new Span<byte>(data + (long)b * panelBlockBytes, panelBlockBytes);
                finite &= packBlock(row.Slice(b * sourceBlockBytes, sourceBlockBytes), r % PanelRows, panelBlock);
            }
        }
        return finite;
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
