using System.Diagnostics.CodeAnalysis;

namespace Augur.Models.Tokenizers;

/// <summary>Throw paths kept out of the tokenizer's hot methods.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowTokenIdOutOfRange(int id, int count) =>
        throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is outside the vocabulary [0, {count}).");

    [DoesNotReturn]
    public static void ThrowInvalidVocabulary(string paramName, string message) =>
        throw new ArgumentException(message, paramName);
}
