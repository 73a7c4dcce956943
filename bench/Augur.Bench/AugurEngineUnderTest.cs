using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Augur.Engine.Kv;
using Augur.Engine.Model;
using Augur.Models;
using Augur.Models.Tokenizers;
using Augur.Tensors;

namespace Augur.Bench;

/// <summary>
/// Our engine: a <see cref="Transformer"/> over a model file, with its own <see cref="WorkerPool"/>. Prefill is
/// <c>Truncate(0)</c> then one <c>Prefill</c> of the prompt (in chunks of the batch size); decode is
/// <c>Forward</c> after <c>Forward</c>, each next token the argmax of the logits. The batched test runs a
/// <see cref="ModelRunner"/> on a paged KV cache of its own (see <see cref="BatchedDecoder"/>).
/// </summary>
public sealed class AugurEngineUnderTest : IEngineUnderTest
{
    private readonly ModelFile _file;
    private readonly WorkerPool _pool;
    private readonly Transformer _transformer;
    private readonly int _batchTokens;
    private readonly TensorType _weightType;
    private readonly ModelWeights _weights;
    private readonly TimeSpan _loadTime;
    private readonly AugurBatchedDecoder _batched;

    private AugurEngineUnderTest(ModelFile file, ModelWeights weights, TimeSpan loadTime, WorkerPool pool, Transformer transformer, int batchTokens, TensorType weightType)
    {
        _batched = new AugurBatchedDecoder(weights, pool, batchTokens, transformer.KvElementType);
        _file = file;
        _weights = weights;
        _loadTime = loadTime;
        _weightType = weightType;
        _pool = pool;
        _transformer = transformer;
        _batchTokens = batchTokens;
    }

    public string Name => "augur";

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"Augur {typeof(Transformer).Assembly.GetName().Version}, {_pool.ThreadCount} threads, batch {_batchTokens}, {_transformer.KvElementType} KV cache of {_transformer.ContextLength} positions (paged, {_batched.BlockTokens}-token blocks), weights loaded and repacked in {_loadTime.TotalSeconds:F2} s");

    /// <summary>Bytes per element of our KV cache: 4 (F32, the default) or 2 (F16).</summary>
    public int KvCacheElementBytes => KvCacheOptions.ElementBytes(_transformer.KvElementType);

    /// <summary>Yes: one <see cref="ModelRunner"/> pass per step holds a token of every sequence.</summary>
    public bool SupportsBatchedDecode => true;

    /// <summary>The batched test's decoder, for tests.</summary>
    internal AugurBatchedDecoder BatchedDecoder => _batched;

    /// <summary>The tokens the last <see cref="Decode"/> generated (for tests).</summary>
    internal int[] LastDecoded { get; private set; } = [];

    /// <summary>The model's vocabulary (what prompts are drawn from).</summary>
    public Vocabulary Vocabulary => _file.Vocabulary;

    /// <summary>The model's hyperparameters.</summary>
    public ModelConfig Config => _file.Config;

    /// <summary>
    /// The model for a report: its file, architecture, shape, and as weight type that of the first layer's
    /// feed-forward gate (the feed-forward matrices hold most of a llama model's elements).
    /// </summary>
    public ModelSummary Summary
    {
        get
        {
            ModelConfig c = _file.Config;
            string shape = string.Create(CultureInfo.InvariantCulture,
                $"dim {c.EmbeddingLength}, {c.BlockCount} layers, {c.HeadCount} heads, {c.HeadCountKv} KV heads, ffn {c.FeedForwardLength}, vocab {c.VocabSize}");
            return new ModelSummary(_file.Path, new FileInfo(_file.Path).Length, c.Architecture, _weightType.ToString(), shape);
        }
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/> (GGUF, or llama2.c with <paramref name="tokenizerPath"/>) and builds a
    /// transformer with a KV cache of <paramref name="contextTokens"/> positions on <paramref name="threads"/> threads, its
    /// elements (and those of the batched test's cache) of <paramref name="kvElementType"/>: F32 by default.
    /// </summary>
    /// <exception cref="ModelLoadException">The model cannot be loaded.</exception>
    public static AugurEngineUnderTest Open(string modelPath, string? tokenizerPath, int threads, int contextTokens, int batchTokens,
        KvElementType kvElementType = KvElementType.F32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchTokens, 1);
        ModelFile file = ModelFile.Open(modelPath, tokenizerPath);
        WorkerPool? pool = null;
        ModelWeights? weights = null;
        try
        {
            long start = Stopwatch.GetTimestamp();
            weights = ModelWeights.Load(file.Config, file.Tensors);
            TimeSpan loadTime = Stopwatch.GetElapsedTime(start);
            pool = new WorkerPool(threads);
            var options = new TransformerOptions { ContextLength = contextTokens, MaxBatchTokens = batchTokens, KvElementType = kvElementType };
            var transformer = new Transformer(weights, pool, options);
            return new AugurEngineUnderTest(file, weights, loadTime, pool, transformer, batchTokens, weights.Layers[0].Gate.Matrix.Type);
        }
        catch
        {
            pool?.Dispose();
            weights?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public TimeSpan Prefill(ReadOnlySpan<int> prompt)
    {
        _transformer.Truncate(0);
        long start = Stopwatch.GetTimestamp();
        _transformer.Prefill(prompt, 0);
        return Stopwatch.GetElapsedTime(start);
    }

    public TimeSpan Decode(int firstToken, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int position = _transformer.Length;
        var generated = new int[count];
        long start = Stopwatch.GetTimestamp();
        int token = firstToken;
        for (int i = 0; i < count; i++)
            generated[i] = token = TensorPrimitives.IndexOfMax(_transformer.Forward(token, position + i));
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        LastDecoded = generated;
        return elapsed;
    }

    /// <inheritdoc cref="AugurBatchedDecoder.DecodeBatch"/>
    public TimeSpan DecodeBatch(IReadOnlyList<BenchmarkPrompt> prompts, int steps) => _batched.DecodeBatch(prompts, steps);

    /// <summary>What a token costs this model, for the roofline shares.</summary>
    public ModelCost Cost => ModelCost.Of(_file.Config, _file.Tensors);

    public void Dispose()
    {
        _batched.Dispose();
        _transformer.Dispose();
        _pool.Dispose();
        _weights.Dispose();
        _file.Dispose();
    }
}
