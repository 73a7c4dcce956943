namespace Augur.Engine.Generation.Tests;

/// <summary>
/// Brute-force statements of what <see cref="StopSequences"/> must do, written from the definitions without its
/// automata: they re-read the whole text at every character.
/// </summary>
internal static class StopReference
{
    /// <summary>The output for the whole <paramref name="text"/>: walk the text one character at a time; at the first
    /// position where any stop string ends, cut before the longest one ending there. No stop: the whole text.</summary>
    public static (string Output, string? Stop) Cut(string text, IReadOnlyList<string> stops)
    {
        for (int end = 1; end <= text.Length; end++)
        {
            string? best = null;
            foreach (string stop in stops)
            {
                if (stop.Length <= end && string.CompareOrdinal(text, end - stop.Length, stop, 0, stop.Length) == 0
                    && (best is null || stop.Length > best.Length))
                {
                    best = stop;
                }
            }
            if (best is not null)
                return (text[..(end - best.Length)], best);
        }
        return (text, null);
    }

    /// <summary>How many chars at the end of <paramref name="text"/> could still begin a stop string: the longest
    /// suffix that is a proper prefix of one of <paramref name="stops"/>.</summary>
    public static int HeldLength(string text, IReadOnlyList<string> stops)
    {
        int held = 0;
        foreach (string stop in stops)
        {
            for (int length = Math.Min(stop.Length - 1, text.Length); length > held; length--)
            {
                if (string.CompareOrdinal(text, text.Length - length, stop, 0, length) == 0)
                {
                    held = length;
                    break;
                }
            }
        }
        return held;
    }

    /// <summary>Feeds <paramref name="pieces"/> in order and returns the concatenated output (flushed at the end unless
    /// it stopped) with the matcher; <paramref name="afterEach"/> sees the text fed and the output so far.</summary>
    public static (string Output, StopSequences Matcher) Feed(
        IReadOnlyList<string> stops, IEnumerable<string> pieces, Action<string, string>? afterEach = null)
    {
        var matcher = new StopSequences(stops);
        var fed = new System.Text.StringBuilder();
        var output = new System.Text.StringBuilder();
        foreach (string piece in pieces)
        {
            fed.Append(piece);
            output.Append(matcher.Append(piece));
            afterEach?.Invoke(fed.ToString(), output.ToString());
        }
        output.Append(matcher.Flush());
        return (output.ToString(), matcher);
    }

    /// <summary>Splits <paramref name="text"/> at random points, with some empty pieces, never inside a surrogate pair.</summary>
    public static List<string> RandomSplit(string text, Random random)
    {
        var pieces = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int length = random.Next(4) == 0 ? 0 : random.Next(1, Math.Min(text.Length - start, 12) + 1);
            if (start + length < text.Length && char.IsLowSurrogate(text[start + length]))
                length++;
            pieces.Add(text.Substring(start, length));
            start += length;
        }
        if (random.Next(3) == 0)
            pieces.Add("");
        return pieces;
    }
}
