using System.Text;
using System.Text.RegularExpressions;
using Augur.Tests.Common;
using Ml = Microsoft.ML.Tokenizers;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// Augur's byte-level BPE against Microsoft.ML.Tokenizers' <c>TiktokenTokenizer</c> built from the same rank files
/// with the same regexes, over seeded random text.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers runs the regex with .NET <c>Regex</c>, which matches UTF-16 code units, not code points:
/// an astral letter or digit (CJK Extension B, mathematical alphanumerics...) is neither <c>\p{L}</c> nor <c>\p{N}</c>
/// there, and Llama 3's optional <c>[^\r\n\p{L}\p{N}]?</c> before a word can take only half of an astral symbol (an
/// emoji), so it does not join the word. tiktoken and Hugging Face, which Augur follows, work on code points. Texts
/// where that matters are left out of the comparison (and counted); <c>PreTokenizerScannerTests</c> covers them.
/// </remarks>
public sealed class TiktokenDifferentialTests
{
    private const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private const string Punctuation = "!?.,;:()[]{}<>\"'-_/\\|@#$%^&*+=~`";

    private static readonly string[] Spaces = [" ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", " \n", "\u00A0", "\u3000", "   \n  "];
    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "'Re", "'x", "'"];

    [Fact]
    public void Llama3_MatchesMicrosoftMlTiktoken()
    {
        string path = TestModels.Shared("tokenizers/llama3-tiktoken/tokenizer.model");
        var reference = Ml.TiktokenTokenizer.Create(path, new Ml.RegexPreTokenizer(new Regex(Llama3Pattern, RegexOptions.Compiled), null), null);
        Compare(ByteLevelTestTokenizers.Get("llama-bpe"), reference, seed: 3, astralBeforeLetterDiffers: true);
    }

    [Fact]
    public void Gpt2_MatchesMicrosoftMlTiktoken()
    {
        string path = TestModels.Shared("tokenizers/gpt2-bpe/gpt2.tiktoken");
        var reference = Ml.TiktokenTokenizer.Create(path, new Ml.RegexPreTokenizer(new Regex(Gpt2Pattern, RegexOptions.Compiled), null), null);
        Compare(ByteLevelTestTokenizers.Gpt2Tiktoken, reference, seed: 5, astralBeforeLetterDiffers: false);
    }

    [Fact]
    public void Llama3_LongChunks_MatchMicrosoftMlTiktoken()
    {
        // Chunks longer than ByteLevelEncoder.MaxLinearBytes are merged through the queue, shorter ones by scanning.
        string path = TestModels.Shared("tokenizers/llama3-tiktoken/tokenizer.model");
        var reference = Ml.TiktokenTokenizer.Create(path, new Ml.RegexPreTokenizer(new Regex(Llama3Pattern, RegexOptions.Compiled), null), null);
        ByteLevelBpeTokenizer tokenizer = ByteLevelTestTokenizers.Get("llama-bpe");
        var random = new Random(9);
        for (int n = 0; n < 300; n++)
        {
            var text = new StringBuilder(" ");
            int length = random.Next(ByteLevelEncoder.MaxLinearBytes / 3, ByteLevelEncoder.MaxLinearBytes);
            for (int i = 0; i < length; i++)
            {
                text.Append(random.Next(3) switch
                {
                    0 => (char)('a' + random.Next(26)),
                    1 => (char)(0x4E00 + random.Next(2000)), // 3 UTF-8 bytes
                    _ => (char)(0x430 + random.Next(32)),    // Cyrillic, 2 bytes
                });
            }

            int[] expected = [.. reference.EncodeToIds(text.ToString(), considerPreTokenization: true, considerNormalization: true)];

            int[] actual = tokenizer.Encode(text.ToString(), EncodeSettings.TextOnly);

            Assert.Equal(expected, actual);
        }
    }

    private static void Compare(ByteLevelBpeTokenizer tokenizer, Ml.TiktokenTokenizer reference, int seed, bool astralBeforeLetterDiffers)
    {
        var random = new Random(seed);
        int compared = 0;
        for (int n = 0; n < 10_000; n++)
        {
            string text = Next(random);
            if (Utf16RegexDiffers(text, astralBeforeLetterDiffers))
                continue;
            int[] expected = [.. reference.EncodeToIds(text, considerPreTokenization: true, considerNormalization: true)];

            int[] actual = tokenizer.Encode(text, EncodeSettings.TextOnly);

            if (!expected.AsSpan().SequenceEqual(actual))
                Assert.Fail($"Text {n} \"{Escape(text)}\": expected [{string.Join(' ', expected)}], got [{string.Join(' ', actual)}].");
            compared++;
        }

        Assert.True(compared > 6_000, $"only {compared} texts compared");
    }

    /// <summary>Random text built of the things the regexes care about, and random Unicode.</summary>
    private static string Next(Random random)
    {
        var text = new StringBuilder();
        int segments = random.Next(1, 12);
        for (int i = 0; i < segments; i++)
        {
            switch (random.Next(8))
            {
                case 0:
                    for (int k = random.Next(1, 9); k > 0; k--)
                        text.Append((char)(random.Next(2) == 0 ? 'a' + random.Next(26) : 'A' + random.Next(26)));
                    break;
                case 1:
                    for (int k = random.Next(1, 9); k > 0; k--)
                        text.Append((char)('0' + random.Next(10)));
                    break;
                case 2:
                    text.Append(Contractions[random.Next(Contractions.Length)]);
                    break;
                case 3:
                    text.Append(Spaces[random.Next(Spaces.Length)]);
                    break;
                case 4:
                    for (int k = random.Next(1, 4); k > 0; k--)
                        text.Append(Punctuation[random.Next(Punctuation.Length)]);
                    break;
                default:
                    text.Append(RandomText.Next(random, 6));
                    break;
            }
        }

        return text.ToString();
    }

    private static bool Utf16RegexDiffers(string text, bool astralBeforeLetterDiffers)
    {
        Rune previous = default;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (rune.Value > 0xFFFF && (Rune.IsLetter(rune) || Rune.IsNumber(rune)))
                return true;
            if (astralBeforeLetterDiffers && previous.Value > 0xFFFF && Rune.IsLetter(rune))
                return true;
            previous = rune;
        }

        return false;
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\x7F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
