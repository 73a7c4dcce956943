using System.Text;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>Seeded random strings of valid Unicode scalars, weighted towards the hard cases.</summary>
internal static class RandomText
{
    private static readonly (int From, int To)[] Ranges =
    [
        (0x20, 0x7E),       // ASCII
        (0x00, 0x1F),       // control chars: \t, \n, \r, NUL...
        (0xC0, 0x24F),      // Latin with diacritics
        (0x300, 0x36F),     // combining marks
        (0x400, 0x4FF),     // Cyrillic
        (0x4E00, 0x9FFF),   // CJK
        (0xAC00, 0xD7A3),   // Hangul
        (0x1F300, 0x1FAFF), // emoji (surrogate pairs)
        (0x10000, 0x10FFFF),// anything astral, mostly unassigned
        (0xE000, 0xFFFD),   // private use, specials
    ];

    public static string Next(Random random, int maxScalars)
    {
        var text = new StringBuilder();
        int count = random.Next(maxScalars + 1);
        for (int i = 0; i < count; i++)
        {
            if (random.Next(6) == 0)
            {
                text.Append(' ', random.Next(1, 4));
                continue;
            }

            (int from, int to) = Ranges[random.Next(Ranges.Length)];
            int value = random.Next(from, to + 1);
            if (Rune.IsValid(value))
                text.Append(new Rune(value).ToString());
        }

        return text.ToString();
    }
}
