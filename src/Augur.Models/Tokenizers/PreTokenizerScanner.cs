using System.Text;

namespace Augur.Models.Tokenizers;

/// <summary>
/// A hand-written scanner for the pre-tokenizer regexes of <see cref="PreTokenizerKind"/>, with the semantics of the
/// backtracking engines the reference tokenizers use (tiktoken's fancy-regex, Hugging Face's Oniguruma): alternatives
/// tried in order, classes on Unicode code points.
/// </summary>
/// <remarks>
/// Not .NET <c>Regex</c>: it matches UTF-16 code units, so an astral letter or digit (CJK Extension B, mathematical
/// alphanumerics) would be neither <c>\p{L}</c> nor <c>\p{N}</c> there. A lone surrogate counts as U+FFFD, as which it
/// is encoded. <c>\s</c> is Unicode White_Space (what <see cref="Rune.IsWhiteSpace"/> tests; all of it is in the BMP).
/// </remarks>
internal static class PreTokenizerScanner
{
    private enum CharClass
    {
        Letter,
        Number,
        Space,
        Other,
    }

    /// <summary>The end of the chunk that starts at <paramref name="start"/> (always past it).</summary>
    public static int NextChunkEnd(PreTokenizerKind kind, ReadOnlySpan<char> text, int start)
    {
        bool gpt2 = kind == PreTokenizerKind.Gpt2;
        if (text[start] == '\'' && TryContraction(text, start + 1, ignoreCase: !gpt2, out int contractionEnd))
            return contractionEnd;

        CharClass first = Classify(text, start, out int firstLength);
        return gpt2
            ? Gpt2Chunk(text, start, first)
            : Llama3Chunk(text, start, first, firstLength, maxDigits: kind == PreTokenizerKind.Llama3 ? 3 : 1);
    }

    // ' ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+'
    private static int Gpt2Chunk(ReadOnlySpan<char> text, int start, CharClass first)
    {
        int at = start;
        CharClass next = first;
        if (text[start] == ' ' && start + 1 < text.Length)
        {
            at = start + 1;
            next = Classify(text, at, out _);
        }

        return next == CharClass.Space ? WhitespaceChunk(text, start, RunEnd(text, start, CharClass.Space, int.MaxValue)) : RunEnd(text, at, next, int.MaxValue);
    }

    // '[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,n}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+'
    private static int Llama3Chunk(ReadOnlySpan<char> text, int start, CharClass first, int firstLength, int maxDigits)
    {
        if (first == CharClass.Letter)
            return RunEnd(text, start, CharClass.Letter, int.MaxValue);
        if (first != CharClass.Number && !IsNewline(text[start]) && start + firstLength < text.Length
            && Classify(text, start + firstLength, out _) == CharClass.Letter)
        {
            return RunEnd(text, start + firstLength, CharClass.Letter, int.MaxValue);
        }

        if (first == CharClass.Number)
            return RunEnd(text, start, CharClass.Number, maxDigits);

        int at = start;
        CharClass next = first;
        if (text[start] == ' ' && start + 1 < text.Length)
        {
            at = start + 1;
            next = Classify(text, at, out _);
        }

        if (next == CharClass.Other)
        {
            int end = RunEnd(text, at, CharClass.Other, int.MaxValue);
            while (end < text.Length && IsNewline(text[end]))
                end++;
            return end;
        }

        // Here the first char is whitespace. '\s*[\r\n]+': the run up to and including its last \r or \n.
        int runEnd = RunEnd(text, start, CharClass.Space, int.MaxValue);
        for (int i = runEnd - 1; i >= start; i--)
        {
            if (IsNewline(text[i]))
                return i + 1;
        }

        return WhitespaceChunk(text, start, runEnd);
    }

    /// <summary>'\s+(?!\S)|\s+' on the whitespace run [start, runEnd): all of it at the end of the text, else all but
    /// its last char (which then goes with what follows), unless that leaves nothing.</summary>
    private static int WhitespaceChunk(ReadOnlySpan<char> text, int start, int runEnd) =>
        runEnd == text.Length || runEnd - 1 == start ? runEnd : runEnd - 1;

    private static bool TryContraction(ReadOnlySpan<char> text, int at, bool ignoreCase, out int end)
    {
        end = at;
        if (at >= text.Length)
            return false;
        char c = text[at];
        if (Is(c, 's', ignoreCase) || Is(c, 't', ignoreCase) || Is(c, 'm', ignoreCase) || Is(c, 'd', ignoreCase))
        {
            end = at + 1;
            return true;
        }

        if (at + 1 < text.Length
            && ((Is(c, 'r', ignoreCase) && Is(text[at + 1], 'e', ignoreCase))
                || (Is(c, 'v', ignoreCase) && Is(text[at + 1], 'e', ignoreCase))
                || (Is(c, 'l', ignoreCase) && Is(text[at + 1], 'l', ignoreCase))))
        {
            end = at + 2;
            return true;
        }

        return false;
    }

    /// <summary>Case-insensitive match as simple case folding has it: ASCII letters and U+017F LATIN SMALL LETTER LONG S for s.</summary>
    private static bool Is(char c, char lower, bool ignoreCase) =>
        c == lower || (ignoreCase && (c == char.ToUpperInvariant(lower) || (lower == 's' && c == '\u017F')));

    private static bool IsNewline(char c) => c is '\r' or '\n';

    /// <summary>Where the run of <paramref name="cls"/> scalars from <paramref name="start"/> ends, after at most <paramref name="maxScalars"/>.</summary>
    private static int RunEnd(ReadOnlySpan<char> text, int start, CharClass cls, int maxScalars)
    {
        int at = start;
        for (int count = 0; count < maxScalars && at < text.Length; count++)
        {
            if (Classify(text, at, out int length) != cls)
                break;
            at += length;
        }

        return at;
    }

    /// <summary>The class of each ASCII char: letters, digits, <c>' '</c> and <c>\t</c>..<c>\r</c> (Space), the rest Other.</summary>
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 3, 3, // 0x00: \t \n \v \f \r
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // 0x20: space
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, // 0x30: digits
        3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x40: A..O
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, // 0x50: P..Z
        3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x60: a..o
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, // 0x70: p..z
    ];

    private static CharClass Classify(ReadOnlySpan<char> text, int at, out int length)
    {
        char c = text[at];
        if (c < 0x80)
        {
            length = 1;
            return (CharClass)AsciiClasses[c];
        }

        Rune.DecodeFromUtf16(text[at..], out Rune rune, out length); // a lone surrogate is U+FFFD, length 1
        return Rune.IsLetter(rune) ? CharClass.Letter
            : Rune.IsNumber(rune) ? CharClass.Number
            : Rune.IsWhiteSpace(rune) ? CharClass.Space
            : CharClass.Other;
    }
}
