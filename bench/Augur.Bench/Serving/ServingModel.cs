using System.Diagnostics;
using System.Globalization;
using Augur.Engine;
using Augur.Engine.Model;
using Augur.Models;
using Augur.Models.Tokenizers;
using Augur.Tensors;

namespace Augur.Bench.Serving;

/// <summary>
/// A model loaded once for the serving benchmarks: its file, weights (repacked) and a <see cref="WorkerPool"/>, from
/// which each report builds fresh <see cref="AugurEngine"/>s, so that no report sees another's prefix cache.
/// </summary>
public sealed class ServingModel : IDisposable
{
    private readonly ModelFile _file;
    private readonly ModelWeights _weights;
    private readonly WorkerPool _pool;

    private ServingModel(ModelFile file, ModelWeights weights, WorkerPool pool, TimeSpan loadTime)
    {
        _file = file;
        _weights = weights;
        _pool = pool;
        LoadTime = loadTime;
    }

    /// <summary>The model file's path.</summary>
    public string Path => _file.Path;

    /// <summary>The model's hyperparameters.</summary>
    public ModelConfig Config => _file.Config;

    /// <summary>Threads of the worker pool every engine runs on.</summary>
    public int Threads => _pool.ThreadCount;

    /// <summary>How long loading and repacking the weights took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>The model for a report: file, architecture, weight type (the first feed-forward gate's) and shape.</summary>
    public ModelSummary Summary
    {
        get
        {
            ModelConfig c = _file.Config;
            string shape = string.Create(CultureInfo.InvariantCulture,
                $"dim {c.EmbeddingLength}, {c.BlockCount} layers, {c.HeadCount} heads, {c.HeadCountKv} KV heads, ffn {c.FeedForwardLength}, vocab {c.VocabSize}, context {c.ContextLength}");
            return new ModelSummary(_file.Path, new FileInfo(_file.Path).Length, c.Architecture, _weights.Layers[0].Gate.Matrix.Type.ToString(), shape);
        }
    }

    /// <summary>Opens <paramref name="path"/> (GGUF, or llama2.c with <paramref name="tokenizerPath"/>) on <paramref name="threads"/> threads.</summary>
    /// <exception cref="ModelLoadException">The model cannot be loaded.</exception>
    public static ServingModel Open(string path, string? tokenizerPath, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ModelFile file = ModelFile.Open(path, tokenizerPath);
        ModelWeights? weights = null;
        try
        {
            long start = Stopwatch.GetTimestamp();
            weights = ModelWeights.Load(file.Config, file.Tensors);
            TimeSpan loadTime = Stopwatch.GetElapsedTime(start);
            return new ServingModel(file, weights, new WorkerPool(threads), loadTime);
        }
        catch
        {
            weights?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>A new engine on this model with <paramref name="options"/>, not started; dispose it.</summary>
    public AugurEngine CreateEngine(EngineOptions options) => new(_weights, _pool, _file.Tokenizer, options);

    /// <summary>A seeded source of prompt tokens drawn from this model's ordinary vocabulary entries.</summary>
    public PromptTokens Prompts(int seed) => new(_file.Tokenizer.Vocabulary, seed);

    public void Dispose()
    {
        _pool.Dispose();
        _weights.Dispose();
        _file.Dispose();
    }
}
