using System.Diagnostics.CodeAnalysis;

namespace Augur.Tensors;

/// <summary>Throw paths kept out of the kernels so that they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowDestinationTooShort(string paramName = "destination") =>
        throw new ArgumentException("Destination is too short.", paramName);

    [DoesNotReturn]
    public static void ThrowLengthMismatch(string paramName) =>
        throw new ArgumentException("Input spans must have the same length.", paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void ThrowNotSupported(TensorType type) =>
        throw new NotSupportedException($"Tensor type {type} is not supported by this kernel.");
}
