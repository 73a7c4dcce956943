using System.Diagnostics;
using System.Numerics.Tensors;
using Augur.Engine.Kv;
using Augur.Engine.Model;
using Augur.Tensors;

namespace Augur.Bench;

/// <summary>
/// Our engine decoding several sequences together: a <see cref="ModelRunner"/> over a paged <see cref="KvCache"/> of its
/// own, each prompt prefilled as its own sequence (prompts packed into passes of up to the batch size, not timed), then
/// one pass per step whose batch holds one token of every sequence (logits for each, argmax read back). The cache gets
/// exactly the blocks the sequences need (prompt plus steps each), made on first use and remade larger when a later run
/// needs more.
/// </summary>
public sealed class AugurBatchedDecoder : IDisposable
{
    private static readonly int DefaultBlockTokens = new KvCacheOptions().BlockTokens;

    private readonly ModelWeights _weights;
    private readonly WorkerPool _pool;
    private readonly int _batchTokens;
    private readonly KvElementType _kvElementType;
    private readonly List<BlockTable> _tables = [];
    private KvCache? _cache;
    private ModelRunner? _runner;
    private ForwardBatch? _batch;

    /// <summary>A decoder for <paramref name="weights"/> on <paramref name="pool"/>, prefilling up to <paramref name="batchTokens"/> tokens a pass.</summary>
    public AugurBatchedDecoder(ModelWeights weights, WorkerPool pool, int batchTokens, KvElementType kvElementType)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchTokens, 1);
        _weights = weights;
        _pool = pool;
        _batchTokens = batchTokens;
        _kvElementType = kvElementType;
    }

    /// <summary>Token slots per KV block (the cache's default).</summary>
    public int BlockTokens => DefaultBlockTokens;

    /// <summary>The tokens the last <see cref="DecodeBatch"/> generated, one array per sequence (for tests).</summary>
    internal int[][] LastGenerated { get; private set; } = [];

    /// <summary>The cache of the last run (for tests); null before the first.</summary>
    internal KvCache? Cache => _cache;

    /// <summary>See <see cref="IEngineUnderTest.DecodeBatch"/>.</summary>
    public TimeSpan DecodeBatch(IReadOnlyList<BenchmarkPrompt> prompts, int steps)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (prompts.Count == 0)
            throw new ArgumentException("Give at least one prompt.", nameof(prompts));
        (ModelRunner runner, ForwardBatch batch) = Prepare(prompts, steps);

        batch.Clear();
        var next = new int[prompts.Count];
        for (int s = 0; s < prompts.Count; s++)
        {
            BlockTable table = _tables[s];
            if (!table.TryReserve(prompts[s].Length + steps))
                throw new InvalidOperationException("The batched KV cache was sized too small.");
            ReadOnlySpan<int> tokens = prompts[s].Tokens;
            for (int i = 0; i < tokens.Length; i++)
            {
                if (batch.Count == batch.Capacity)
                    Run(runner, batch);
                batch.Add(tokens[i], i, table, wantLogits: false);
            }
            next[s] = prompts[s].FirstDecodeToken;
        }
        if (batch.Count > 0)
            Run(runner, batch);
        var generated = new int[prompts.Count][];
        for (int s = 0; s < generated.Length; s++)
            generated[s] = new int[steps];

        long start = Stopwatch.GetTimestamp();
        for (int step = 0; step < steps; step++)
        {
            batch.Clear();
            for (int s = 0; s < next.Length; s++)
                batch.Add(next[s], prompts[s].Length + step, _tables[s], wantLogits: true);
            runner.Forward(batch);
            for (int s = 0; s < next.Length; s++)
                generated[s][step] = next[s] = TensorPrimitives.IndexOfMax(runner.Logits(s));
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        LastGenerated = generated;
        return elapsed;
    }

    public void Dispose() => _cache?.Dispose();

    private static void Run(ModelRunner runner, ForwardBatch batch)
    {
        runner.Forward(batch);
        batch.Clear();
    }

    /// <summary>Empties every sequence, and makes a cache and runner large enough for this run if the last are not.</summary>
    private (ModelRunner Runner, ForwardBatch Batch) Prepare(IReadOnlyList<BenchmarkPrompt> prompts, int steps)
    {
        foreach (BlockTable table in _tables)
            table.Release();
        int blocks = 0, positions = 0;
        foreach (BenchmarkPrompt prompt in prompts)
        {
            blocks += (prompt.Length + steps + BlockTokens - 1) / BlockTokens;
            positions = Math.Max(positions, prompt.Length + steps);
        }

        if (_cache is null || _runner is null || _batch is null || _cache.BlockCount < blocks
            || _runner.MaxLogitsRows < prompts.Count || _runner.ContextLength < positions)
        {
            _cache?.Dispose();
            _tables.Clear();
            _cache = KvCache.For(_weights.Config, new KvCacheOptions { BlockCount = blocks, ElementType = _kvElementType });
            int batchTokens = Math.Max(_batchTokens, prompts.Count);
            _runner = new ModelRunner(_weights, _pool, _cache,
                new ModelRunnerOptions { MaxBatchTokens = batchTokens, MaxLogitsRows = prompts.Count, ContextLength = positions });
            _batch = new ForwardBatch(batchTokens);
        }
        while (_tables.Count < prompts.Count)
            _tables.Add(new BlockTable(_cache, positions));
        return (_runner, _batch);
    }
}
