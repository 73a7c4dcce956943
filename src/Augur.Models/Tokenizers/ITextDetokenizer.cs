namespace Augur.Models.Tokenizers;

/// <summary>
/// Turns the ids of one sequence, fed one at a time, into text that is only ever whole UTF-8 (see
/// <see cref="StreamingDetokenizer"/> and <see cref="ByteLevelDetokenizer"/>).
/// </summary>
public interface ITextDetokenizer
{
    /// <summary>Whether bytes of an unfinished UTF-8 character are held back.</summary>
    bool HasPendingBytes { get; }

    /// <summary>Adds the next token and returns the text it completes; valid until the next call.</summary>
    ReadOnlySpan<char> Append(int tokenId);

    /// <summary>Ends the sequence: held-back bytes come out as U+FFFD; then starts over.</summary>
    ReadOnlySpan<char> Flush();

    /// <summary>Feeds ids whose text is not wanted (a prompt printed already).</summary>
    void Prime(ReadOnlySpan<int> ids);

    /// <summary>Forgets the current sequence.</summary>
    void Reset();
}
