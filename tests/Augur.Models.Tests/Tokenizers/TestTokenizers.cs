using Augur.Models.Llama2c;
using Augur.Tests.Common;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>The real tokenizers the tests use, each loaded once, and llama.cpp's tokenizer test vectors.</summary>
internal static class TestTokenizers
{
    private static readonly Lazy<SentencePieceBpeTokenizer> Llama2Lazy =
        new(() => SentencePieceBpeTokenizer.Create(Llama2cTokenizerFile.ReadVocabulary(TestModels.Llama2TokenizerBin, 32000)));

    private static readonly Lazy<SentencePieceBpeTokenizer> Tok512Lazy =
        new(() => SentencePieceBpeTokenizer.Create(Llama2cTokenizerFile.ReadVocabulary(TestModels.Tok512Bin, 512)));

    private static readonly Lazy<(string Text, int[] Ids)[]> LlamaSpmCasesLazy = new(() => LoadVocabCases("ggml-vocab-llama-spm"));

    /// <summary>Llama 2's 32000-piece vocabulary, from llama2.c's <c>tokenizer.bin</c>.</summary>
    public static SentencePieceBpeTokenizer Llama2 => Llama2Lazy.Value;

    /// <summary>stories260K's 512-piece vocabulary.</summary>
    public static SentencePieceBpeTokenizer Tok512 => Tok512Lazy.Value;

    /// <summary>llama.cpp's <c>ggml-vocab-llama-spm</c> cases: text and ids, no BOS.</summary>
    public static (string Text, int[] Ids)[] LlamaSpmCases => LlamaSpmCasesLazy.Value;

    public static TheoryData<int> LlamaSpmCaseIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < LlamaSpmCases.Length; i++)
            data.Add(i);
        return data;
    }

    /// <summary>llama.cpp's <c>{name}.gguf.inp</c>/<c>.out</c> cases: text and ids, no BOS.</summary>
    public static (string Text, int[] Ids)[] LoadVocabCases(string name)
    {
        // Format (models README §4.6): cases separated by "\n__ggml_vocab_test__\n", the file ends with one too.
        string input = File.ReadAllText(TestModels.VocabTest($"{name}.gguf.inp"));
        string[] texts = input.Split("\n__ggml_vocab_test__\n");
        Assert.Equal("", texts[^1]);
        texts = texts[..^1];

        string[] lines = File.ReadAllText(TestModels.VocabTest($"{name}.gguf.out")).Split('\n');
        Assert.True(lines.Length >= texts.Length);
        var cases = new (string, int[])[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            int[] ids = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            cases[i] = (texts[i], ids);
        }

        return cases;
    }
}
