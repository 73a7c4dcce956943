using System.Text.Unicode;

namespace Augur.Models.Tokenizers;

/// <summary>
/// Streaming detokenizer for <see cref="ByteLevelBpeTokenizer"/>: normal pieces map back to raw bytes
/// (<see cref="ByteUnicodeMap"/>), which come out only as whole UTF-8 characters; a character split over several
/// tokens is held back until its last byte arrives. Reusable through <see cref="Reset"/>; allocates nothing per token.
/// </summary>
/// <remarks>
/// Text rules: normal pieces → their bytes; user-defined pieces → verbatim; control, unknown and unused tokens →
/// nothing. Invalid UTF-8 becomes U+FFFD (as <see cref="System.Text.Encoding.UTF8"/> decodes it), including held-back
/// bytes that a user-defined token or <see cref="Flush"/> cuts off. Concatenating every chunk of a sequence, then
/// <see cref="Flush"/>, gives exactly <see cref="ByteLevelBpeTokenizer.Decode(ReadOnlySpan{int})"/>. Not thread-safe.
/// </remarks>
public sealed class ByteLevelDetokenizer : ITextDetokenizer
{
    private const int MaxPending = 3; // an unfinished UTF-8 character has at most 3 bytes

    private readonly Vocabulary _vocabulary;
    private readonly byte[] _bytes;
    private readonly char[] _chars;
    private int _pending;

    internal ByteLevelDetokenizer(Vocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _bytes = new byte[vocabulary.MaxPieceLength + MaxPending + 1];
        _chars = new char[vocabulary.MaxPieceLength + MaxPending + 1];
    }

    /// <inheritdoc/>
    public bool HasPendingBytes => _pending > 0;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenId"/> is not in the vocabulary.</exception>
    public ReadOnlySpan<char> Append(int tokenId)
    {
        _vocabulary.CheckId(tokenId);
        switch (_vocabulary.Kinds[tokenId])
        {
            case TokenKind.Normal:
            {
                string piece = _vocabulary.Pieces[tokenId];
                int count = _pending;
                foreach (char c in piece)
                    _bytes[count++] = ByteUnicodeMap.TryGetByte(c, out byte b) ? b : (byte)0xFF; // never: checked at creation
                return DecodeBytes(count, isFinalBlock: false);
            }

            case TokenKind.Byte:
                _bytes[_pending] = (byte)_vocabulary.ByteValues[tokenId];
                return DecodeBytes(_pending + 1, isFinalBlock: false);

            case TokenKind.UserDefined:
            {
                int written = DecodeBytes(_pending, isFinalBlock: true).Length;
                string piece = _vocabulary.Pieces[tokenId];
                piece.CopyTo(_chars.AsSpan(written));
                return _chars.AsSpan(0, written + piece.Length);
            }

            default: // Control, Unknown, Unused
                return [];
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<char> Flush() => DecodeBytes(_pending, isFinalBlock: true);

    /// <inheritdoc/>
    public void Prime(ReadOnlySpan<int> ids)
    {
        foreach (int id in ids)
            Append(id);
    }

    /// <inheritdoc/>
    public void Reset() => _pending = 0;

    /// <summary>Decodes the first <paramref name="count"/> bytes; an unfinished character at the end stays pending.</summary>
    private ReadOnlySpan<char> DecodeBytes(int count, bool isFinalBlock)
    {
        if (count == 0)
            return [];
        Utf8.ToUtf16(_bytes.AsSpan(0, count), _chars, out int read, out int written, replaceInvalidSequences: true, isFinalBlock);
        _pending = count - read;
        _bytes.AsSpan(read, _pending).CopyTo(_bytes);
        return _chars.AsSpan(0, written);
    }
}
