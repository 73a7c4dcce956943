using Augur.Models;
using Augur.Models.Tokenizers;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

/// <summary>
/// The llama2.c models run through <see cref="ModelFile"/>, both as converted GGUF files and as the original .bin with
/// tok512.bin, must print run.c's documented greedy texts (models README §1–2); decoding uses the model file's own
/// vocabulary, whose dummy-prefix rule drops the leading space of the first piece as run.c does after BOS.
/// </summary>
public sealed class ModelFileGenerationTests(ConvertedModels converted) : IClassFixture<ConvertedModels>
{
    public static TheoryData<bool, string, string, int> Stories260KCases() => new()
    {
        { true, "", "greedy_prompt-empty_n256.txt", 256 },
        { true, "", "greedy_prompt-empty_n200.txt", 200 },
        { true, "Zoo", "greedy_prompt-Zoo_n60.txt", 60 },
        { false, "", "greedy_prompt-empty_n256.txt", 256 },
        { false, "", "greedy_prompt-empty_n200.txt", 200 },
        { false, "Zoo", "greedy_prompt-Zoo_n60.txt", 60 },
    };

    [Theory]
    [MemberData(nameof(Stories260KCases))]
    public void Greedy_Stories260K_PrintsRunCText(bool gguf, string prompt, string expectedFile, int steps)
    {
        using ModelFile model = gguf ? ModelFile.Open(converted.Stories260K) : ModelFile.Open(TestModels.Stories260KBin, TestModels.Tok512Bin);

        string text = GenerateText(model, prompt, steps);

        Assert.Equal(File.ReadAllText(TestModels.Stories260KExpected(expectedFile)), text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Greedy_Llama2xs_PrintsReferenceText(bool gguf)
    {
        using ModelFile model = gguf ? ModelFile.Open(converted.Llama2xs) : ModelFile.Open(TestModels.Llama2xsBin, TestModels.Tok512Bin);

        string text = GenerateText(model, "", 256);

        Assert.Equal(File.ReadAllText(TestModels.Llama2xsExpected("greedy_prompt-empty_n256.txt")), text);
    }

    [Fact]
    public void Forward_TinyRandomGguf_GivesFiniteLogits()
    {
        using ModelFile model = ModelFile.Open(TestModels.Llama2TinyRandomGguf);
        using var pool = new WorkerPool(2);
        var transformer = new Transformer(ModelWeights.Load(model.Config, model.Tensors), pool, new TransformerOptions { ContextLength = 64 });
        int[] prompt = SentencePieceBpeTokenizer.Create(model.Vocabulary).Encode("Hello world");
        Assert.Equal([1, 15043, 3186], prompt);

        float[] logits = transformer.Prefill(prompt, 0).ToArray();
        float[] next = transformer.Forward(278, prompt.Length).ToArray();

        Assert.Equal(32000, logits.Length);
        Assert.All(logits, x => Assert.True(float.IsFinite(x)));
        Assert.All(next, x => Assert.True(float.IsFinite(x)));
        Assert.True(logits.Max() > logits.Min());
        Assert.NotEqual(logits, next);
    }

    /// <summary>run.c's greedy loop from BOS plus the encoded prompt, decoded with the file's own vocabulary.</summary>
    internal static string GenerateText(ModelFile model, string prompt, int steps)
    {
        var tokenizer = SentencePieceBpeTokenizer.Create(model.Vocabulary);
        int[] promptIds = tokenizer.Encode(prompt); // BOS first (the vocabulary adds it), then the prompt's pieces
        Assert.Equal(RunCGreedy.Bos, promptIds[0]);
        using var pool = new WorkerPool(2);
        var transformer = new Transformer(ModelWeights.Load(model.Config, model.Tensors), pool);
        List<int> ids = RunCGreedy.Generate(transformer, promptIds, steps);
        return tokenizer.Decode(ids.ToArray());
    }
}
