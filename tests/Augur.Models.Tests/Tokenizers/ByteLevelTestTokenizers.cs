using Augur.Models.Gguf;
using Augur.Tests.Common;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>The real byte-level BPE tokenizers (each loaded once), their GGUF round trips and llama.cpp's vectors.</summary>
internal static class ByteLevelTestTokenizers
{
    /// <summary>The llama.cpp vector sets, by the tokenizer they belong to.</summary>
    public static readonly string[] Names = ["llama-bpe", "qwen2", "gpt-2"];

    private static readonly Dictionary<string, Lazy<ByteLevelBpeTokenizer>> FromFiles = new()
    {
        ["llama-bpe"] = new(() => TiktokenFile.ReadLlama3(TestModels.Shared("tokenizers/llama3-tiktoken/tokenizer.model"))),
        ["qwen2"] = new(() => HuggingFaceBpeFiles.Read(
            TestModels.Shared("tokenizers/qwen2-bpe/vocab.json"), TestModels.Shared("tokenizers/qwen2-bpe/merges.txt"),
            TestModels.Shared("tokenizers/qwen2-bpe/added_tokens.json"), PreTokenizerKind.Qwen2)),
        ["gpt-2"] = new(() => HuggingFaceBpeFiles.Read(
            TestModels.Shared("tokenizers/gpt2-bpe/vocab.json"), TestModels.Shared("tokenizers/gpt2-bpe/merges.txt"),
            null, PreTokenizerKind.Gpt2)),
    };

    private static readonly Dictionary<string, Lazy<ByteLevelBpeTokenizer>> FromGguf =
        Names.ToDictionary(name => name, name => new Lazy<ByteLevelBpeTokenizer>(() => ThroughGguf(Get(name))));

    private static readonly Dictionary<string, Lazy<(string Text, int[] Ids)[]>> Cases =
        Names.ToDictionary(name => name, name => new Lazy<(string, int[])[]>(() => TestTokenizers.LoadVocabCases($"ggml-vocab-{name}")));

    private static readonly Lazy<ByteLevelBpeTokenizer> Gpt2TiktokenLazy =
        new(() => TiktokenFile.ReadGpt2(TestModels.Shared("tokenizers/gpt2-bpe/gpt2.tiktoken")));

    /// <summary>GPT-2 from OpenAI's <c>gpt2.tiktoken</c> (rank-based).</summary>
    public static ByteLevelBpeTokenizer Gpt2Tiktoken => Gpt2TiktokenLazy.Value;

    /// <summary>The tokenizer for vector set <paramref name="name"/>, from the original files.</summary>
    public static ByteLevelBpeTokenizer Get(string name) => FromFiles[name].Value;

    /// <summary>The same tokenizer after a round trip through a GGUF file.</summary>
    public static ByteLevelBpeTokenizer GetFromGguf(string name) => FromGguf[name].Value;

    public static (string Text, int[] Ids)[] GetCases(string name) => Cases[name].Value;

    /// <summary>Every (vector set, case index) pair.</summary>
    public static TheoryData<string, int> AllCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Names)
        {
            for (int i = 0; i < GetCases(name).Length; i++)
                data.Add(name, i);
        }

        return data;
    }

    /// <summary>Writes <paramref name="tokenizer"/> into a GGUF file and reads it back.</summary>
    public static ByteLevelBpeTokenizer ThroughGguf(ByteLevelBpeTokenizer tokenizer)
    {
        using var directory = new TempDirectory();
        string path = directory.File("vocab.gguf");
        var writer = new GgufWriter().Add(GgufKeys.GeneralArchitecture, "llama");
        GgufVocabulary.Write(writer, tokenizer);
        writer.Write(path);
        using GgufFile file = GgufFile.Open(path);
        return Assert.IsType<ByteLevelBpeTokenizer>(GgufVocabulary.ReadTokenizer(file));
    }
}
