namespace Augur.Models.Tokenizers;

/// <summary>
/// Turns the token ids of one sequence, fed one at a time, into text that is only ever whole UTF-8: a character split
/// over several byte tokens comes out once its last byte arrives, never as a partial sequence or a lone surrogate.
/// Reusable across sequences through <see cref="Reset"/>; allocates nothing per token.
/// </summary>
/// <remarks>
/// Text rules are those of <see cref="SentencePieceBpeTokenizer.Decode(ReadOnlySpan{int})"/>: concatenating every
/// chunk of a sequence, then <see cref="Flush"/>, gives exactly the one-shot decode of all its ids. Not thread-safe:
/// one instance per sequence.
/// </remarks>
public sealed class StreamingDetokenizer : ITextDetokenizer
{
    private readonly Vocabulary _vocabulary;
    private readonly char[] _buffer;
    private DetokenizerState _state;

    public StreamingDetokenizer(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
        _buffer = new char[DetokenizerState.MaxCharsPerToken(vocabulary)];
        _state = new DetokenizerState(vocabulary);
    }

    /// <summary>Whether bytes of an unfinished UTF-8 character are held back.</summary>
    public bool HasPendingBytes => _state.PendingByteCount > 0;

    /// <summary>
    /// Adds the next token of the sequence and returns the text it completes (often empty for byte tokens and always
    /// for control tokens). The span is valid until the next call on this instance.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenId"/> is not in the vocabulary.</exception>
    public ReadOnlySpan<char> Append(int tokenId)
    {
        int written = _state.Append(tokenId, _buffer);
        return _buffer.AsSpan(0, written);
    }

    /// <summary>
    /// Ends the sequence: returns the held-back bytes of an unfinished character as U+FFFD (empty if none), then
    /// starts over as after <see cref="Reset"/>.
    /// </summary>
    public ReadOnlySpan<char> Flush()
    {
        int written = _state.Flush(_buffer);
        _state = new DetokenizerState(_vocabulary);
        return _buffer.AsSpan(0, written);
    }

    /// <summary>
    /// Feeds ids whose text is not wanted, such as a prompt that was printed already, so that the tokens that follow
    /// decode as a continuation (no dummy-prefix space dropped from the first generated token).
    /// </summary>
    public void Prime(ReadOnlySpan<int> ids)
    {
        foreach (int id in ids)
            _state.Append(id, _buffer);
    }

    /// <summary>Forgets the current sequence, held-back bytes included.</summary>
    public void Reset() => _state = new DetokenizerState(_vocabulary);
}
