using Augur.Engine.Model;
using Augur.Engine.Speculative;
using Augur.Engine.Tests;
using Augur.Models;
using Augur.Models.Llama2c;
using Augur.Models.Quantization;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Speculative.Tests;

/// <summary>
/// Targets and drafts for the speculative tests, loaded once per class: stories260K with the drafts the issue names
/// (llama2xs on the same vocabulary, and stories260K's own Q8_0 and Q4_0 quantizations), and a synthetic Q8_0 llama
/// with the Q4_0 quantization of the same random weights.
/// </summary>
public sealed class SpeculativeModels : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<IDisposable> _owned = [];

    public SpeculativeModels()
    {
        string stories = _directory.File("stories260K.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, stories);
        string llama2xs = _directory.File("llama2xs.gguf");
        Llama2cConverter.Convert(TestModels.Llama2xsBin, TestModels.Tok512Bin, llama2xs);
        string q8 = _directory.File("stories260K-q8_0.gguf"), q4 = _directory.File("stories260K-q4_0.gguf");
        GgufQuantizer.Quantize(stories, q8, TensorType.Q8_0);
        GgufQuantizer.Quantize(stories, q4, TensorType.Q4_0);
        var shape = new SyntheticModelShape("llama", 128, 2, 4, 2, 256, 512, ContextLength: 256);
        string synthetic = _directory.File("synthetic-q8_0.gguf"), syntheticDraft = _directory.File("synthetic-q4_0.gguf");
        SyntheticModels.Write(synthetic, shape, TensorType.Q8_0, seed: 41);
        SyntheticModels.Write(syntheticDraft, shape, TensorType.Q4_0, seed: 41);
        string otherVocabulary = _directory.File("other-vocabulary.gguf");
        SyntheticModels.Write(otherVocabulary, shape with { Dim = 64, Layers = 1, VocabSize = 32000 }, TensorType.Q8_0, seed: 5);

        Models = new Dictionary<string, LoadedModel>
        {
            ["stories260K"] = Open(stories),
            ["llama2xs"] = Open(llama2xs),
            ["stories260K-q8_0"] = Open(q8),
            ["stories260K-q4_0"] = Open(q4),
            ["synthetic"] = Open(synthetic),
            ["synthetic-q4_0"] = Open(syntheticDraft),
            ["other-vocabulary"] = Open(otherVocabulary),
        };
        Pool = new WorkerPool(2);
        _owned.Add(Pool);
    }

    public IReadOnlyDictionary<string, LoadedModel> Models { get; }

    public WorkerPool Pool { get; }

    /// <summary>An engine on <paramref name="target"/>, with <paramref name="draft"/> as its draft model when given.</summary>
    public AugurEngine Engine(string target, EngineOptions options, string? draft = null)
    {
        LoadedModel t = Models[target];
        DraftModel? d = draft is null ? null : new DraftModel(Models[draft].Weights, Models[draft].File.Tokenizer);
        return new AugurEngine(t.Weights, Pool, t.File.Tokenizer, options, draftModel: d);
    }

    public void Dispose()
    {
        foreach (IDisposable owned in Enumerable.Reverse(_owned))
            owned.Dispose();
        _directory.Dispose();
    }

    private LoadedModel Open(string path)
    {
        ModelFile file = ModelFile.Open(path);
        _owned.Add(file);
        ModelWeights weights = ModelWeights.Load(file.Config, file.Tensors);
        _owned.Add(weights);
        return new LoadedModel(file, weights);
    }
}
