using System.Diagnostics.CodeAnalysis;

namespace Augur.Engine.Generation;

/// <summary>Checks a list of stop strings and builds the per-string tables <see cref="StopSequences"/> matches with.</summary>
internal static class StopSequenceRules
{
    /// <summary>A copy of <paramref name="stops"/> after checking it against <see cref="StopSequences.MaxCount"/>,
    /// <see cref="StopSequences.MaxLength"/>, and that each string is non-empty, well-formed UTF-16.</summary>
    public static string[] Validate(IReadOnlyList<string> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Count > StopSequences.MaxCount)
            Throw($"{stops.Count} stop strings were given; at most {StopSequences.MaxCount} are allowed.");

        string[] copy = new string[stops.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            string? stop = stops[i];
            if (string.IsNullOrEmpty(stop))
                Throw($"Stop string {i} is {(stop is null ? "null" : "empty")}.");
            if (stop.Length > StopSequences.MaxLength)
                Throw($"Stop string {i} has {stop.Length} chars; at most {StopSequences.MaxLength} are allowed.");
            if (!IsWellFormedUtf16(stop))
                Throw($"Stop string {i} has an unpaired surrogate.");
            copy[i] = stop;
        }
        return copy;
    }

    /// <summary>Knuth–Morris–Pratt borders: <c>[i]</c> is the length of the longest proper prefix of
    /// <c>stop[..(i + 1)]</c> that is also its suffix.</summary>
    public static int[] Borders(string stop)
    {
        int[] borders = new int[stop.Length];
        int k = 0;
        for (int i = 1; i < stop.Length; i++)
        {
            while (k > 0 && stop[i] != stop[k])
                k = borders[k - 1];
            if (stop[i] == stop[k])
                k++;
            borders[i] = k;
        }
        return borders;
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return false;
        }
        return true;
    }

    [DoesNotReturn]
    private static void Throw(string message) => throw new ArgumentException(message, "stops");
}
