using System.Diagnostics.CodeAnalysis;

namespace Augur.Tensors.Quant;

/// <summary>Throw paths of the quant formats and matmul kernels, kept out of the hot methods so those stay small.</summary>
internal static class QuantThrowHelper
{
    [DoesNotReturn]
    public static void ThrowTooShort(string paramName, long needed, int actual) =>
        throw new ArgumentException($"Span too short: {needed} elements needed, {actual} given.", paramName);

    [DoesNotReturn]
    public static void ThrowNotWholeBlocks(string paramName, long length, int blockSize) =>
        throw new ArgumentException($"Length {length} is not a whole number of blocks of {blockSize}.", paramName);

    [DoesNotReturn]
    public static void ThrowRowRange(int rowStart, int rowEnd, int rows) =>
        throw new ArgumentOutOfRangeException(nameof(rowStart), $"Row range [{rowStart}, {rowEnd}) is not within [0, {rows}).");

    [DoesNotReturn]
    public static void ThrowNegative(string paramName, int value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Must not be negative.");

    [DoesNotReturn]
    public static void ThrowNotSupported(TensorType type) =>
        throw new NotSupportedException($"Tensor type {type} is not supported here.");

    [DoesNotReturn]
    public static T ThrowNotSupported<T>(TensorType type) =>
        throw new NotSupportedException($"Tensor type {type} is not supported here.");
}
