using System.Buffers;
using System.Text;

namespace Augur.Models.Tokenizers;

/// <summary>
/// Unicode Normalization Form C (canonical decomposition, canonical ordering, canonical composition; UAX #15), on
/// tables of its own (<c>UnicodeNfc.Tables.cs</c>), because the project runs with InvariantGlobalization, where
/// <see cref="string.Normalize()"/> returns its input unchanged. Used by Qwen2's pre-tokenizer.
/// </summary>
internal static partial class UnicodeNfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    /// <summary>U+0000..U+02FF: no char there changes under NFC (a search set, so the check is vectorized and never boxes).</summary>
    private static readonly SearchValues<char> BelowU0300 = SearchValues.Create(string.Create(0x300, 0, static (span, _) =>
    {
        for (int i = 0; i < span.Length; i++)
            span[i] = (char)i;
    }));

    private static readonly Dictionary<int, (int First, int Second)> Decompositions = BuildDecompositions();
    private static readonly Dictionary<long, int> Compositions = BuildCompositions();

    /// <summary>Whether <paramref name="text"/> is certainly NFC already: nothing below U+0300 changes under NFC.</summary>
    public static bool IsQuickNfc(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(BelowU0300);

    /// <summary>The NFC form of <paramref name="text"/>; a lone surrogate becomes U+FFFD.</summary>
    public static string Normalize(ReadOnlySpan<char> text)
    {
        char[] buffer = [];
        return new string(Normalize(text, new List<int>(text.Length), ref buffer));
    }

    /// <summary>
    /// The NFC form of <paramref name="text"/> in <paramref name="buffer"/> (replaced by a larger one if it is too
    /// small), with <paramref name="points"/> as scratch: no allocation once both are large enough.
    /// </summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text, List<int> points, ref char[] buffer)
    {
        points.Clear();
        for (int i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int length);
            Decompose(rune.Value, points);
            i += length;
        }

        SortMarks(points);
        Compose(points);

        if (buffer.Length < 2 * points.Count)
            buffer = new char[Math.Max(2 * points.Count, 2 * buffer.Length)];
        int written = 0;
        foreach (int point in points)
            written += new Rune(point).EncodeToUtf16(buffer.AsSpan(written));
        return buffer.AsSpan(0, written);
    }

    /// <summary>The canonical combining class of <paramref name="codePoint"/> (0 for starters).</summary>
    public static int CombiningClass(int codePoint)
    {
        if (codePoint < 0x300)
            return 0;
        ReadOnlySpan<int> data = CombiningClassData;
        int low = 0, high = data.Length / 3 - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            if (codePoint < data[mid * 3])
                high = mid - 1;
            else if (codePoint > data[mid * 3 + 1])
                low = mid + 1;
            else
                return data[mid * 3 + 2];
        }

        return 0;
    }

    private static void Decompose(int codePoint, List<int> output)
    {
        int s = codePoint - SBase;
        if (s is >= 0 and < SCount)
        {
            output.Add(LBase + s / NCount);
            output.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0)
                output.Add(TBase + s % TCount);
            return;
        }

        if (!Decompositions.TryGetValue(codePoint, out (int First, int Second) parts))
        {
            output.Add(codePoint);
            return;
        }

        Decompose(parts.First, output);
        if (parts.Second >= 0)
            Decompose(parts.Second, output);
    }

    /// <summary>Canonical ordering: each run of non-starters stably sorted by combining class.</summary>
    private static void SortMarks(List<int> points)
    {
        for (int i = 1; i < points.Count; i++)
        {
            int point = points[i];
            int ccc = CombiningClass(point);
            if (ccc == 0)
                continue;
            int j = i;
            while (j > 0 && CombiningClass(points[j - 1]) > ccc)
            {
                points[j] = points[j - 1];
                j--;
            }

            points[j] = point;
        }
    }

    private static void Compose(List<int> points)
    {
        int written = 0;
        int starter = -1;
        int lastClass = 0;
        for (int i = 0; i < points.Count; i++)
        {
            int point = points[i];
            int ccc = CombiningClass(point);
            bool adjacent = starter >= 0 && starter == written - 1;
            if (starter >= 0 && (adjacent || (lastClass != 0 && lastClass < ccc)) && TryCompose(points[starter], point, out int composite))
            {
                points[starter] = composite;
                continue;
            }

            if (ccc == 0)
                starter = written;
            lastClass = ccc;
            points[written++] = point;
        }

        points.RemoveRange(written, points.Count - written);
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        int l = first - LBase, v = second - VBase;
        if (l is >= 0 and < LCount && v is >= 0 and < VCount)
        {
            composite = SBase + (l * VCount + v) * TCount;
            return true;
        }

        int s = first - SBase, t = second - TBase;
        if (s is >= 0 and < SCount && s % TCount == 0 && t is > 0 and < TCount)
        {
            composite = first + t;
            return true;
        }

        return Compositions.TryGetValue(((long)first << 32) | (uint)second, out composite);
    }

    private static Dictionary<int, (int, int)> BuildDecompositions()
    {
        ReadOnlySpan<int> data = DecompositionData;
        var map = new Dictionary<int, (int, int)>(data.Length / 3);
        for (int i = 0; i < data.Length; i += 3)
            map.Add(data[i] & 0xFFFFFF, (data[i + 1], data[i + 2]));
        return map;
    }

    private static Dictionary<long, int> BuildCompositions()
    {
        ReadOnlySpan<int> data = DecompositionData;
        var map = new Dictionary<long, int>();
        for (int i = 0; i < data.Length; i += 3)
        {
            if ((data[i] >> 24) == 0)
                map.Add(((long)data[i + 1] << 32) | (uint)data[i + 2], data[i]);
        }

        return map;
    }
}
