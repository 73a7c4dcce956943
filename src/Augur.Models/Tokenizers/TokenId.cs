namespace Augur.Models.Tokenizers;

/// <summary>
/// A token id: an index into a <see cref="Vocabulary"/> (LLamaSharp's <c>LLamaToken</c> idea).
/// </summary>
/// <remarks>
/// <see cref="TokenId"/> is used at the edge of the API, where ids are named and looked up: the special ids of a
/// vocabulary, <see cref="Vocabulary.TryGetId(ReadOnlySpan{char}, out TokenId)"/>, piece and kind queries. The hot
/// paths (<c>Encode</c> output, <c>Decode</c> input, <see cref="StreamingDetokenizer"/>) take and return plain
/// <see cref="int"/> ids, because that is what the engine holds: it indexes embedding rows and logits with them, hashes
/// runs of them for the prefix cache and keeps them in <c>List&lt;int&gt;</c>/<c>Span&lt;int&gt;</c>. Wrapping every
/// element there would only add conversions. The implicit conversion to <see cref="int"/> keeps the two worlds joined.
/// </remarks>
/// <param name="Value">The index of the token in its vocabulary.</param>
public readonly record struct TokenId(int Value)
{
    public static implicit operator int(TokenId id) => id.Value;

    public static explicit operator TokenId(int value) => new(value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
