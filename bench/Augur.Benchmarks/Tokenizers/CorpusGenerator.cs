using System.Globalization;
using System.Text;

namespace Augur.Benchmarks.Tokenizers;

/// <summary>
/// Deterministic (seeded) benchmark texts of an exact UTF-8 size, built from <see cref="CorpusWords"/>: words drawn
/// with Zipf-like frequencies, a long tail of inflected and invented words and numbers (so that a chunk cache sees
/// realistic reuse, not one passage repeated), sentences, punctuation and paragraphs.
/// </summary>
internal sealed class CorpusGenerator
{
    private static readonly string[] Suffixes = ["s", "ed", "ing", "er", "ly", "ness", "able", "ful", "less", "ment", "ism", "ish"];
    private static readonly string[] Syllables = ["ka", "vo", "rin", "mel", "tas", "lo", "dre", "quin", "zu", "bar", "nis", "ther", "ol", "ystr", "ae", "gon", "pe", "wick"];

    private readonly Random _random;
    private readonly StringBuilder _text = new();

    private CorpusGenerator(int seed) => _random = new Random(seed);

    /// <summary>English prose of exactly <paramref name="utf8Bytes"/> UTF-8 bytes.</summary>
    public static string English(int utf8Bytes, int seed = 1)
    {
        var generator = new CorpusGenerator(seed);
        var words = new Zipf(CorpusWords.English);
        while (generator._text.Length < utf8Bytes) // chars ≤ bytes: enough once this many chars are written
            generator.Paragraph(words, " ", ". ", capitalize: true, emojiRate: 0);
        return Fit(generator._text.ToString(), utf8Bytes);
    }

    /// <summary>
    /// Mixed-script text of exactly <paramref name="utf8Bytes"/> UTF-8 bytes: paragraphs of English, Russian, Chinese,
    /// Japanese, Korean, Arabic and Hindi (with emoji), code and aligned tables.
    /// </summary>
    public static string Mixed(int utf8Bytes, int seed = 2)
    {
        var generator = new CorpusGenerator(seed);
        var english = new Zipf(CorpusWords.English);
        (Zipf Words, string Space, string Stop, bool Capitalize)[] languages =
        [
            (english, " ", ". ", true),
            (new Zipf(CorpusWords.Russian), " ", ". ", true),
            (new Zipf(CorpusWords.Chinese), "", "。", false),
            (new Zipf(CorpusWords.Japanese), "", "。", false),
            (new Zipf(CorpusWords.Korean), " ", ". ", false),
            (new Zipf(CorpusWords.Arabic), " ", "، ", false),
            (new Zipf(CorpusWords.Hindi), " ", "। ", false),
        ];
        int[] weights = [30, 14, 14, 5, 5, 9, 9, 10, 4]; // the languages, then code, then tables
        while (Encoding.UTF8.GetByteCount(generator._text.ToString()) < utf8Bytes)
        {
            for (int i = 0; i < 64; i++)
            {
                int kind = generator.Pick(weights);
                if (kind < languages.Length)
                {
                    (Zipf words, string space, string stop, bool capitalize) = languages[kind];
                    generator.Paragraph(words, space, stop, capitalize, emojiRate: 0.03);
                }
                else if (kind == languages.Length)
                {
                    generator.Code(english);
                }
                else
                {
                    generator.Table(english);
                }
            }
        }

        return Fit(generator._text.ToString(), utf8Bytes);
    }

    private void Paragraph(Zipf words, string space, string stop, bool capitalize, double emojiRate)
    {
        for (int sentences = _random.Next(2, 9); sentences > 0; sentences--)
        {
            int count = _random.Next(4, 25);
            for (int w = 0; w < count; w++)
            {
                string word = NextWord(words, space.Length > 0);
                if (w == 0 && capitalize)
                    word = string.Concat(word[..1].ToUpperInvariant(), word.AsSpan(1));
                _text.Append(word);
                if (w < count - 1)
                    _text.Append(_random.NextDouble() < 0.07 ? (space.Length > 0 ? ", " : "，") : space);
                if (_random.NextDouble() < emojiRate)
                    _text.Append(' ').Append(CorpusWords.Emoji[_random.Next(CorpusWords.Emoji.Length)]).Append(' '); // never before a letter
            }

            _text.Append(_random.Next(20) switch { 0 => "? ", 1 => "! ", 2 => ".  ", _ => stop });
        }

        _text.Append(_random.Next(10) == 0 ? "\n\n\n" : "\n\n");
    }

    /// <summary>A word drawn by frequency; now and then an inflected or invented word, or a number.</summary>
    private string NextWord(Zipf words, bool spaced)
    {
        double roll = _random.NextDouble();
        if (roll < 0.03)
            return Number();
        if (spaced && roll < 0.08)
            return words.Next(_random) + Suffixes[_random.Next(Suffixes.Length)];
        if (spaced && roll < 0.10)
            return Invented();
        if (roll < 0.12)
            return string.Concat("\"", words.Next(_random), "\"");
        return words.Next(_random);
    }

    private string Invented()
    {
        var name = new StringBuilder();
        for (int i = _random.Next(2, 5); i > 0; i--)
            name.Append(Syllables[_random.Next(Syllables.Length)]);
        name[0] = char.ToUpperInvariant(name[0]);
        return name.ToString();
    }

    private string Number() => _random.Next(6) switch
    {
        0 => _random.Next(1700, 2031).ToString(CultureInfo.InvariantCulture),
        1 => _random.Next(0, 10_000_000).ToString("N0", CultureInfo.InvariantCulture),
        2 => (_random.NextDouble() * 1000).ToString("F2", CultureInfo.InvariantCulture),
        3 => string.Create(CultureInfo.InvariantCulture, $"{_random.Next(101)}%"),
        4 => string.Create(CultureInfo.InvariantCulture, $"{_random.Next(24):D2}:{_random.Next(60):D2}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{_random.Next(1990, 2031)}-{_random.Next(1, 13):D2}-{_random.Next(1, 29):D2}"),
    };

    private void Code(Zipf words)
    {
        int depth = 0;
        string indent = _random.Next(4) == 0 ? "\t" : "    ";
        for (int lines = _random.Next(5, 21); lines > 0; lines--)
        {
            string line = CorpusWords.CodeLines[_random.Next(CorpusWords.CodeLines.Length)];
            if (line == "}")
                depth = Math.Max(0, depth - 1);
            for (int i = 0; i < depth; i++)
                _text.Append(indent);
            string a = words.Next(_random), b = words.Next(_random);
            _text.Append(line
                .Replace("{a}", Identifier(a), StringComparison.Ordinal).Replace("{b}", Identifier(b), StringComparison.Ordinal)
                .Replace("{A}", Pascal(a), StringComparison.Ordinal).Replace("{B}", Pascal(b), StringComparison.Ordinal)
                .Replace("{n}", _random.Next(1, 4096).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{s}", words.Next(_random), StringComparison.Ordinal))
                .Append('\n');
            if (line == "{")
                depth = Math.Min(4, depth + 1);
        }

        _text.Append('\n');
    }

    private void Table(Zipf words)
    {
        for (int rows = _random.Next(3, 12); rows > 0; rows--)
        {
            _text.Append("| ").Append(words.Next(_random).PadRight(14)).Append(" | ")
                .Append(Number().PadLeft(12)).Append(" | ").Append(Number().PadLeft(12)).Append(" |\n");
        }

        _text.Append('\n');
    }

    private static string Identifier(string word) =>
        word.Where(char.IsAsciiLetterOrDigit).ToArray() is { Length: > 0 } letters ? new string(letters) : "x";

    private static string Pascal(string word) => string.Concat(Identifier(word)[..1].ToUpperInvariant(), Identifier(word).AsSpan(1));

    private int Pick(int[] weights)
    {
        int roll = _random.Next(weights.Sum());
        for (int i = 0; ; roll -= weights[i++])
        {
            if (roll < weights[i])
                return i;
        }
    }

    /// <summary>The longest prefix of whole scalars within <paramref name="utf8Bytes"/>, padded with spaces to exactly that.</summary>
    private static string Fit(string text, int utf8Bytes)
    {
        int bytes = 0, chars = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > utf8Bytes)
                break;
            bytes += rune.Utf8SequenceLength;
            chars += rune.Utf16SequenceLength;
        }

        return text[..chars] + new string(' ', utf8Bytes - bytes);
    }

    /// <summary>Draws rank r of a list with weight 1/(r + 2.7) (Zipf–Mandelbrot with exponent 1).</summary>
    private sealed class Zipf
    {
        private readonly string[] _words;
        private readonly double[] _cumulative;

        public Zipf(string[] words)
        {
            _words = words;
            _cumulative = new double[words.Length];
            double sum = 0;
            for (int r = 0; r < words.Length; r++)
                _cumulative[r] = sum += 1 / (r + 2.7);
        }

        public string Next(Random random)
        {
            int index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
            return _words[index < 0 ? Math.Min(~index, _words.Length - 1) : index];
        }
    }
}
