using System.Diagnostics.CodeAnalysis;

namespace Augur.Engine.Sampling;

/// <summary>Throw paths of the sampler, kept out of its hot methods so they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentException(string message, string paramName) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, object? actualValue, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, message);

    [DoesNotReturn]
    public static void ThrowLengthMismatch(string paramName, int actual, int vocabSize) =>
        throw new ArgumentException($"Expected {vocabSize} values (the vocabulary size), got {actual}.", paramName);

    [DoesNotReturn]
    public static void ThrowNaNLogit(string paramName) =>
        throw new ArgumentException("The logits contain NaN; the forward pass produced an invalid value.", paramName);

    [DoesNotReturn]
    public static void ThrowNoCandidate(string paramName) =>
        throw new ArgumentException("Every logit is -infinity, so no token can be sampled.", paramName);

    [DoesNotReturn]
    public static void ThrowTokenOutOfRange(string paramName, int token, int vocabSize) =>
        throw new ArgumentOutOfRangeException(paramName, token, $"Token ids must be in [0, {vocabSize}).");

    [DoesNotReturn]
    public static void ThrowInvalidWeights(string paramName) =>
        throw new ArgumentException("Weights must be finite and non-negative, with a positive sum.", paramName);
}
