using System.Buffers;
using System.Text;

namespace Augur.Models.Tokenizers;

public sealed partial class SentencePieceBpeTokenizer
{
    /// <summary>Decodes a whole sequence (see <see cref="StreamingDetokenizer"/> for the text rules).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var state = new DetokenizerState(Vocabulary);
        char[] scratch = ArrayPool<char>.Shared.Rent(DetokenizerState.MaxCharsPerToken(Vocabulary));
        try
        {
            var text = new StringBuilder(ids.Length * 4);
            foreach (int id in ids)
                text.Append(scratch, 0, state.Append(id, scratch));
            text.Append(scratch, 0, state.Flush(scratch));
            return text.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Decodes a whole sequence into a caller buffer. Text is written whole: a token's text, or a character formed by
    /// several byte tokens, is written completely or not at all.
    /// </summary>
    /// <param name="ids">The complete sequence, from its start (the leading-space rule applies to its first piece).</param>
    /// <param name="destination">Where the text goes.</param>
    /// <param name="idsConsumed">
    /// How many ids were decoded: all on <see cref="OperationStatus.Done"/>; on
    /// <see cref="OperationStatus.DestinationTooSmall"/>, a prefix of <paramref name="ids"/> whose own one-shot decode is
    /// exactly the <paramref name="charsWritten"/> chars written.
    /// </param>
    /// <param name="charsWritten">Chars written to <paramref name="destination"/>.</param>
    /// <returns><see cref="OperationStatus.Done"/>, or <see cref="OperationStatus.DestinationTooSmall"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public OperationStatus Decode(ReadOnlySpan<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        var state = new DetokenizerState(Vocabulary);
        ReadOnlySpan<TokenKind> kinds = Vocabulary.Kinds;
        int scratchLength = DetokenizerState.MaxCharsPerToken(Vocabulary);
        char[]? rented = null;
        Span<char> scratch = scratchLength <= 256
            ? stackalloc char[256]
            : (rented = ArrayPool<char>.Shared.Rent(scratchLength));

        // Where each of the last four byte tokens sat in ids: held-back bytes belong to the last PendingByteCount of them.
        Span<int> byteTokenAt = stackalloc int[4];
        int byteTokens = 0;
        int written = 0;
        int committedIds = 0;
        try
        {
            for (int i = 0; i < ids.Length; i++)
            {
                int n = state.Append(ids[i], scratch);
                if (kinds[ids[i]] == TokenKind.Byte)
                    byteTokenAt[byteTokens++ & 3] = i;
                if (n > destination.Length - written)
                    return TooSmall(committedIds, written, out idsConsumed, out charsWritten);
                scratch[..n].CopyTo(destination[written..]);
                written += n;

                // Every id before the first held-back byte has had all its text written.
                int pending = state.PendingByteCount;
                committedIds = pending == 0 ? i + 1 : byteTokenAt[(byteTokens - pending) & 3];
            }

            int tail = state.Flush(scratch);
            if (tail > destination.Length - written)
                return TooSmall(committedIds, written, out idsConsumed, out charsWritten);
            scratch[..tail].CopyTo(destination[written..]);
            idsConsumed = ids.Length;
            charsWritten = written + tail;
            return OperationStatus.Done;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static OperationStatus TooSmall(int committedIds, int written, out int idsConsumed, out int charsWritten)
    {
        idsConsumed = committedIds;
        charsWritten = written;
        return OperationStatus.DestinationTooSmall;
    }
}
