using Augur.Engine.Model;
using Augur.Models;
using Augur.Models.Llama2c;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Tests;

/// <summary>
/// The models the engine tests serve, loaded once per test class: stories260K (converted to GGUF with its tokenizer)
/// and a synthetic Q8_0 llama with a real vocabulary, each with a two-thread worker pool.
/// </summary>
public sealed class EngineModels : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<IDisposable> _owned = [];

    public EngineModels()
    {
        string stories = _directory.File("stories260K.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, stories);
        Stories260K = Open(stories);

        string synthetic = _directory.File("synthetic-q8_0.gguf");
        SyntheticModels.Write(synthetic, new SyntheticModelShape("llama", 128, 2, 4, 2, 256, 512, ContextLength: 256), TensorType.Q8_0, seed: 21);
        Synthetic = Open(synthetic);

        Pool = new WorkerPool(2);
        _owned.Add(Pool);
    }

    public LoadedModel Stories260K { get; }

    public LoadedModel Synthetic { get; }

    public WorkerPool Pool { get; }

    public LoadedModel this[string name] => name == "stories260K" ? Stories260K : Synthetic;

    /// <summary>An engine on <paramref name="model"/> with these options; dispose it.</summary>
    public AugurEngine Engine(LoadedModel model, EngineOptions options) => new(model.Weights, Pool, model.File.Tokenizer, options);

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

public sealed record LoadedModel(ModelFile File, ModelWeights Weights);
