using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Augur.Engine.Generation;

/// <summary>
/// Watches streamed text for stop strings (OpenAI's and vLLM's <c>stop</c>) and says which text is safe to emit.
/// </summary>
/// <remarks>
/// <para>Text arrives in pieces of any length. Each <see cref="Append"/> returns everything that can no longer be part of
/// a stop string; it holds back only the longest tail of the text that is a proper prefix of some stop string, so a
/// partial stop string never reaches the output and nothing else is delayed. <see cref="Flush"/> gives the held tail
/// back at the end of a text that did not stop.</para>
/// <para>The text stops at the first character that completes a stop string; the output is the text before that
/// occurrence (the longest one, if several end at that character), and the stop string itself is <b>not</b> included,
/// as in OpenAI and vLLM. Everything after it is dropped. Because the decision is taken character by character, it does
/// not depend on how the text is split: the output is always the text before the first stop string to end. (With stops
/// <c>"abcd"</c> and <c>"bc"</c>, text <c>"abcd"</c> gives <c>"a"</c>: <c>"bc"</c> is complete one character before
/// <c>"abcd"</c> could be, and the generation stops there.)</para>
/// <para>Matching is ordinal (case- and culture-sensitive, no normalisation). Stop strings must be well-formed UTF-16,
/// so the split between emitted and held text, which always falls just before a stop string's first character, never
/// separates a surrogate pair. Steady-state calls allocate nothing: one automaton state per stop string, and two
/// reused buffers.</para>
/// </remarks>
public sealed class StopSequences
{
    /// <summary>The most stop strings one matcher takes.</summary>
    public const int MaxCount = 16;

    /// <summary>The longest stop string, in UTF-16 chars.</summary>
    public const int MaxLength = 256;

    private readonly string[] _stops;
    private readonly int[][] _fallback;   // per stop, KMP: [i] = longest proper border of stop[..(i + 1)]
    private readonly int[] _matched;      // per stop, the longest suffix of the text that is a prefix of it
    private readonly SearchValues<char> _firstChars;
    private readonly char[] _held;        // the held-back tail: a proper prefix of some stop string
    private char[] _output;               // scratch for emitted text that starts in the held tail
    private int _heldLength;
    private bool _flushed;

    /// <summary>A matcher for <paramref name="stops"/>: at most <see cref="MaxCount"/> non-empty, well-formed UTF-16
    /// strings of at most <see cref="MaxLength"/> chars each. An empty list never stops.</summary>
    public StopSequences(IReadOnlyList<string> stops)
    {
        _stops = StopSequenceRules.Validate(stops);
        _fallback = new int[_stops.Length][];
        _matched = new int[_stops.Length];
        int longest = 0;
        for (int s = 0; s < _stops.Length; s++)
        {
            _fallback[s] = StopSequenceRules.Borders(_stops[s]);
            longest = Math.Max(longest, _stops[s].Length);
        }
        _firstChars = SearchValues.Create(string.Concat(_stops.Select(stop => stop[..1])));
        _held = new char[Math.Max(longest - 1, 0)];
        _output = new char[Math.Max(2 * longest, 64)];
    }

    /// <summary>Whether a stop string has completed; from then on nothing more is emitted.</summary>
    public bool IsStopped => MatchedStop is not null;

    /// <summary>The stop string that completed, as given to the constructor; <see langword="null"/> until one does.</summary>
    public string? MatchedStop { get; private set; }

    /// <summary>
    /// Feeds the next <paramref name="piece"/> of text (any length, empty included) and returns the text that is now safe
    /// to emit, in order. The span is a slice of <paramref name="piece"/> or of an internal buffer and is valid until the
    /// next call. After a stop it is always empty.
    /// </summary>
    /// <exception cref="InvalidOperationException">After <see cref="Flush"/>.</exception>
    public ReadOnlySpan<char> Append(ReadOnlySpan<char> piece)
    {
        if (_flushed)
            ThrowFlushed();
        if (IsStopped || piece.IsEmpty)
            return default;

        int held = _heldLength;
        int stopStart = Scan(piece, out int stopIndex);   // in held + piece; -1: no stop
        int emitEnd;
        if (stopStart >= 0)
        {
            MatchedStop = _stops[stopIndex];
            emitEnd = stopStart;
            _heldLength = 0;
        }
        else
        {
            int tail = 0;
            foreach (int matched in _matched)
                tail = Math.Max(tail, matched);
            emitEnd = held + piece.Length - tail;
            _heldLength = tail;
        }

        if (emitEnd <= held)
        {
            // Emitted text lies within the old tail: copy it out before the tail shifts.
            _held.AsSpan(0, emitEnd).CopyTo(_output);
            if (!IsStopped)
            {
                _held.AsSpan(emitEnd, held - emitEnd).CopyTo(_held);
                piece.CopyTo(_held.AsSpan(held - emitEnd));
            }
            return _output.AsSpan(0, emitEnd);
        }

        // Emitted text is the old tail, if any, then the start of the piece; the rest of the piece is the new tail.
        int fromPiece = emitEnd - held;
        ReadOnlySpan<char> emitted = piece[..fromPiece];
        if (held > 0)
        {
            if (_output.Length < emitEnd)
                GrowOutput(emitEnd);
            _held.AsSpan(0, held).CopyTo(_output);
            emitted.CopyTo(_output.AsSpan(held));
            emitted = _output.AsSpan(0, emitEnd);
        }
        if (!IsStopped)
            piece[fromPiece..].CopyTo(_held);
        return emitted;
    }

    /// <summary>Ends the text: returns the held-back tail (empty after a stop). The span is valid until the next call;
    /// afterwards <see cref="Append"/> throws and <see cref="Flush"/> returns nothing.</summary>
    public ReadOnlySpan<char> Flush()
    {
        _flushed = true;
        int held = _heldLength;
        _heldLength = 0;
        return _held.AsSpan(0, held);
    }

    /// <summary>Advances every stop's automaton over <paramref name="piece"/>. Returns where the first completed stop
    /// starts, counted from the start of the held tail, with its index; -1 if none completes.</summary>
    private int Scan(ReadOnlySpan<char> piece, out int stopIndex)
    {
        stopIndex = -1;
        bool active = _heldLength > 0;
        for (int i = 0; i < piece.Length; i++)
        {
            if (!active)
            {
                // Every automaton is at its start, so only a stop's first char can move one.
                int next = piece[i..].IndexOfAny(_firstChars);
                if (next < 0)
                    return -1;
                i += next;
            }

            char c = piece[i];
            active = false;
            int completed = 0;
            for (int s = 0; s < _stops.Length; s++)
            {
                string stop = _stops[s];
                int matched = _matched[s];
                while (matched > 0 && stop[matched] != c)
                    matched = _fallback[s][matched - 1];
                if (stop[matched] == c)
                    matched++;
                _matched[s] = matched;
                active |= matched > 0;
                if (matched == stop.Length && matched > completed)
                {
                    completed = matched;
                    stopIndex = s;
                }
            }
            if (completed > 0)
                return _heldLength + i + 1 - completed;
        }
        return -1;
    }

    private void GrowOutput(int length) => _output = new char[Math.Max(length, 2 * _output.Length)];

    [DoesNotReturn]
    private static void ThrowFlushed() =>
        throw new InvalidOperationException("The text was flushed; a new text needs a new StopSequences.");
}
