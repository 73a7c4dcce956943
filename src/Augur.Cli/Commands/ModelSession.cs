using Augur.Engine.Model;
using Augur.Models;
using Augur.Models.Tokenizers;
using Augur.Tensors;

namespace Augur.Cli.Commands;

/// <summary>A model opened for inference by a command: the file, its weights, a worker pool and one sequence's runner.</summary>
internal sealed class ModelSession : IDisposable
{
    private readonly ModelWeights _weights;

    private ModelSession(ModelFile file, ModelWeights weights, WorkerPool pool, Transformer transformer)
    {
        File = file;
        _weights = weights;
        Pool = pool;
        Transformer = transformer;
    }

    public ModelFile File { get; }

    public WorkerPool Pool { get; }

    public Transformer Transformer { get; }

    public ITokenizer Tokenizer => File.Tokenizer;

    /// <summary>Opens <paramref name="modelPath"/> (GGUF or llama2.c) with <paramref name="threads"/> workers (0 = one per core).</summary>
    public static ModelSession Open(string modelPath, string? tokenizerPath, int threads, int contextLength, int maxBatchTokens = 64)
    {
        if (!System.IO.File.Exists(modelPath))
            throw new UsageException($"model file not found: {modelPath}");
        if (tokenizerPath is not null && !System.IO.File.Exists(tokenizerPath))
            throw new UsageException($"tokenizer file not found: {tokenizerPath}");

        ModelFile file = ModelFile.Open(modelPath, tokenizerPath);
        WorkerPool? pool = null;
        ModelWeights? weights = null;
        try
        {
            weights = ModelWeights.Load(file.Config, file.Tensors);
            pool = new WorkerPool(threads);
            int context = contextLength == 0 ? file.Config.ContextLength : Math.Min(contextLength, file.Config.ContextLength);
            var transformer = new Transformer(weights, pool, new TransformerOptions { ContextLength = context, MaxBatchTokens = maxBatchTokens });
            return new ModelSession(file, weights, pool, transformer);
        }
        catch
        {
            pool?.Dispose();
            weights?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Transformer.Dispose();
        Pool.Dispose();
        _weights.Dispose();
        File.Dispose();
    }
}
