namespace Augur.Tensors;

/// <summary>
/// A 2-D weight tensor in any <see cref="TensorType"/>, stored row-major in native memory (usually a memory-mapped
/// file region) that outlives this view. Row <c>r</c> holds <see cref="Columns"/> elements in <see cref="RowBytes"/> bytes,
/// so a matrix-vector product computes <c>y[r] = dot(row r, x)</c>: ggml's <c>ne0 = Columns, ne1 = Rows</c>.
/// </summary>
public readonly unsafe struct WeightMatrix
{
    private readonly byte* _data;

    public WeightMatrix(TensorType type, int rows, int columns, byte* data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Type = type;
        Rows = rows;
        Columns = columns;
        RowBytes = checked((int)TensorTypeInfo.ByteCount(type, columns));
        _data = data;
    }

    public TensorType Type { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Bytes per row.</summary>
    public int RowBytes { get; }

    /// <summary>Bytes of the whole matrix.</summary>
    public long ByteLength => (long)RowBytes * Rows;

    /// <summary>The start of the data.</summary>
    public byte* Data => _data;

    /// <summary>The bytes of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<byte> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
            ThrowRowOutOfRange(row);
        return new ReadOnlySpan<byte>(_data + (long)row * RowBytes, RowBytes);
    }

    private static void ThrowRowOutOfRange(int row) =>
        throw new ArgumentOutOfRangeException(nameof(row), row, "Row out of range.");
}
