using System.Buffers.Binary;
using Augur.Tensors.Quant;
using Augur.Tensors.Quant.Tests;
using Augur.Tests.Common;

namespace Augur.Tensors.Packed.Tests;

/// <summary>A K-quant weight matrix in guarded native memory, as a model file maps it.</summary>
internal sealed unsafe class KSourceMatrix : IDisposable
{
    private readonly GuardedBuffer<byte> _data;

    private KSourceMatrix(TensorType type, int rows, int columns)
    {
        _data = new GuardedBuffer<byte>((int)TensorTypeInfo.ByteCount(type, columns) * rows);
        Weights = new WeightMatrix(type, rows, columns, _data.Pointer);
    }

    public WeightMatrix Weights { get; }

    /// <summary>Seeded values quantized with ggml's reference quantizer.</summary>
    public static KSourceMatrix Quantized(TensorType type, int rows, int columns, int seed)
    {
        var matrix = new KSourceMatrix(type, rows, columns);
        QuantFormats.Quantize(type, QuantTestData.RandomFloats(seed, rows * columns), matrix._data.Span);
        return matrix;
    }

    /// <summary>
    /// Random bytes for every field but the half scales (random finite values up to 0.02), so every 6-bit scale and min,
    /// every int8 scale (−128 included) and every level appear; row 0 is all ones bits (the largest levels and scales).
    /// </summary>
    public static KSourceMatrix RandomBytes(TensorType type, int rows, int columns, int seed)
    {
        var matrix = new KSourceMatrix(type, rows, columns);
        Span<byte> data = matrix._data.Span;
        new Random(seed).NextBytes(data);
        data[..matrix.Weights.RowBytes].Fill(0xFF);
        var random = new Random(seed + 1);
        int blockBytes = (int)TensorTypeInfo.ByteCount(type, 256);
        for (int b = 0; b < data.Length / blockBytes; b++)
        {
            Span<byte> block = data.Slice(b * blockBytes, blockBytes);
            if (type == TensorType.Q6_K)
            {
                BinaryPrimitives.WriteHalfLittleEndian(block[Q6_K.DOffset..], (Half)(0.04f * random.NextSingle() - 0.02f));
                continue;
            }
            BinaryPrimitives.WriteHalfLittleEndian(block, (Half)(0.04f * random.NextSingle() - 0.02f));
            BinaryPrimitives.WriteHalfLittleEndian(block[2..], (Half)(0.04f * random.NextSingle() - 0.02f));
        }
        return matrix;
    }

    public void Dispose() => _data.Dispose();
}
