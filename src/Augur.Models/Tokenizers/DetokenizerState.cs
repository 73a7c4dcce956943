using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Augur.Models.Tokenizers;

/// <summary>
/// The per-sequence state of SentencePiece detokenization, shared by <see cref="StreamingDetokenizer"/> and the
/// one-shot <c>Decode</c> methods: UTF-8 bytes from byte tokens that do not yet form a whole character, and whether
/// the next piece's leading space is the dummy prefix to drop.
/// </summary>
/// <remarks>
/// Text rules (llama.cpp <c>token_to_piece</c>, SentencePiece <c>Decode</c>, llama2.c <c>decode</c>):
/// normal pieces with <c>▁</c> → space; user-defined pieces verbatim; byte tokens → raw bytes, emitted only as whole
/// UTF-8 (invalid sequences become U+FFFD, as <see cref="System.Text.Encoding.UTF8"/> decodes them); the unknown token
/// → <c>▅</c> (U+2585, as llama.cpp); control and unused tokens → nothing. When the vocabulary adds a space prefix,
/// the first text-producing token of the sequence, and the first after each BOS, loses one leading space: that is
/// SentencePiece's and run.c's rule. (llama.cpp's <c>detokenize</c> keeps that space when it strips a leading BOS;
/// we do not follow that quirk, so that <c>Decode(Encode(x)) == x</c> with or without BOS.)
/// </remarks>
internal struct DetokenizerState
{
    /// <summary>The unknown token's text: U+2585 LOWER FIVE EIGHTHS BLOCK, as llama.cpp prints it.</summary>
    public const char UnknownChar = '\u2585';

    private readonly Vocabulary _vocabulary;
    private PendingBytes _pending;
    private int _pendingCount;
    private bool _dropLeadingSpace;

    public DetokenizerState(Vocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _dropLeadingSpace = vocabulary.AddSpacePrefix;
    }

    /// <summary>The most chars one <see cref="Append"/> or <see cref="Flush"/> can write.</summary>
    public static int MaxCharsPerToken(Vocabulary vocabulary) => vocabulary.MaxPieceLength + 8;

    /// <summary>Bytes held back because they do not yet form a whole UTF-8 character.</summary>
    public readonly int PendingByteCount => _pendingCount;

    /// <summary>Writes the text that <paramref name="id"/> completes; <paramref name="destination"/> must hold <see cref="MaxCharsPerToken"/>.</summary>
    public int Append(int id, Span<char> destination)
    {
        _vocabulary.CheckId(id);
        switch (_vocabulary.Kinds[id])
        {
            case TokenKind.Byte:
                _dropLeadingSpace = false;
                _pending[_pendingCount++] = (byte)_vocabulary.ByteValues[id];
                return DecodePending(destination, isFinalBlock: false);

            case TokenKind.Control:
                if (id == _vocabulary.Bos)
                    _dropLeadingSpace = _vocabulary.AddSpacePrefix;
                return 0;

            case TokenKind.Unused:
                return 0;

            case TokenKind.Unknown:
            {
                int written = DecodePending(destination, isFinalBlock: true);
                destination[written++] = UnknownChar;
                _dropLeadingSpace = false;
                return written;
            }

            default: // Normal, UserDefined
            {
                int written = DecodePending(destination, isFinalBlock: true);
                ReadOnlySpan<char> piece = _vocabulary.Pieces[id];
                bool normal = _vocabulary.Kinds[id] == TokenKind.Normal;
                if (_dropLeadingSpace && !piece.IsEmpty && piece[0] == (normal ? Vocabulary.SpaceSymbol : ' '))
                    piece = piece[1..];
                _dropLeadingSpace = false;

                Span<char> target = destination.Slice(written, piece.Length);
                if (normal)
                    piece.Replace(target, Vocabulary.SpaceSymbol, ' ');
                else
                    piece.CopyTo(target);
                return written + piece.Length;
            }
        }
    }

    /// <summary>Ends the sequence: writes held-back bytes, each invalid sequence as U+FFFD.</summary>
    public int Flush(Span<char> destination) => DecodePending(destination, isFinalBlock: true);

    private int DecodePending(Span<char> destination, bool isFinalBlock)
    {
        if (_pendingCount == 0)
            return 0;
        ReadOnlySpan<byte> bytes = ((ReadOnlySpan<byte>)_pending)[.._pendingCount];
        Utf8.ToUtf16(bytes, destination, out int read, out int written, replaceInvalidSequences: true, isFinalBlock);
        bytes[read..].CopyTo(_pending);
        _pendingCount -= read;
        return written;
    }

    /// <summary>At most 4 bytes: a held-back prefix is at most 3 bytes long, plus the byte being added.</summary>
    [InlineArray(4)]
    private struct PendingBytes
    {
        private byte _element0;
    }
}
