using System.Text;
using Augur.Engine.Model;
using Augur.Engine.Sampling;
using Augur.Models;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Generation.Tests;

/// <summary>
/// Stop strings in a real generation (stories260K, greedy): the stopped text must be the unstopped text cut before the
/// stop's first occurrence, since greedy decoding makes the same tokens up to there.
/// </summary>
public sealed class GeneratorStopTests : IDisposable
{
    private const string Prompt = "Once upon a time";
    private const int MaxTokens = 200;

    private readonly ModelFile _file;
    private readonly ModelWeights _weights;
    private readonly WorkerPool _pool;
    private readonly Transformer _transformer;
    private readonly Generator _generator;

    public GeneratorStopTests()
    {
        _file = ModelFile.Open(TestModels.Stories260KBin, TestModels.Tok512Bin);
        _weights = ModelWeights.Load(_file.Config, _file.Tensors);
        _pool = new WorkerPool(1);
        _transformer = new Transformer(_weights, _pool);
        _generator = new Generator(_transformer, _file.Tokenizer);
    }

    [Fact]
    public void A_word_from_the_middle_stops_the_text_just_before_its_first_occurrence()
    {
        (string full, GenerationResult unstopped) = Generate(null);
        string[] words = full.Split([' ', '\n', '.', ',', '!', '?', '"'], StringSplitOptions.RemoveEmptyEntries);
        string word = words.Skip(words.Length / 2).First(w => w.Length >= 3);
        int at = full.IndexOf(word, StringComparison.Ordinal);
        Assert.True(at > 0, $"'{word}' should occur after the start of: {full}");

        (string text, GenerationResult stopped) = Generate([word, "#never#"]);

        Assert.Equal(full[..at], text);
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
        Assert.True(stopped.CompletionTokens < unstopped.CompletionTokens,
            $"{stopped.CompletionTokens} tokens with the stop, {unstopped.CompletionTokens} without");
    }

    [Fact]
    public void A_stop_that_never_occurs_changes_nothing()
    {
        (string full, GenerationResult unstopped) = Generate(null);

        (string text, GenerationResult result) = Generate(["#never#", "\u00FE"]);

        Assert.Equal(full, text);
        Assert.Equal(unstopped.FinishReason, result.FinishReason);
        Assert.Equal(unstopped.CompletionTokens, result.CompletionTokens);
    }

    [Fact]
    public void An_invalid_stop_list_throws_before_generating()
    {
        var pieces = 0;

        Assert.Throws<ArgumentException>(() =>
            _generator.Generate(Prompt, MaxTokens, SamplingOptions.Greedy, _ => pieces++, stop: ["ok", ""]));
        Assert.Equal(0, pieces);
    }

    private (string Text, GenerationResult Result) Generate(IReadOnlyList<string>? stop)
    {
        var text = new StringBuilder();
        GenerationResult result = _generator.Generate(Prompt, MaxTokens, SamplingOptions.Greedy, piece => text.Append(piece), stop: stop);
        return (text.ToString(), result);
    }

    public void Dispose()
    {
        _transformer.Dispose();
        _pool.Dispose();
        _weights.Dispose();
        _file.Dispose();
    }
}
