using System.Numerics.Tensors;
using Augur.Engine.Kv;
using Augur.Engine.Lora;
using Augur.Models;
using Augur.Models.Lora;
using Augur.Tensors;
using Augur.Tensors.Quant;

namespace Augur.Engine.Model;

/// <summary>
/// A llama-family decoder running one forward pass over a ragged <see cref="ForwardBatch"/>: tokens of several sequences,
/// each a prefill chunk, one decode token or a draft, with keys and values in a paged <see cref="KvCache"/>. Every matrix
/// product runs once over all tokens of the pass (each weight read once); row-wise operations run token by token, so a
/// token's result does not depend on its batch neighbours. Not thread-safe; the matrix products and attention run on
/// the given <see cref="WorkerPool"/>. Allocates nothing per pass.
/// </summary>
public sealed partial class ModelRunner
{
    private readonly ModelWeights _weights;
    private readonly ModelConfig _config;
    private readonly WorkerPool _pool;
    private readonly KvCache _cache;
    private readonly RunState _state;
    private readonly MatMulJob _matMul;
    private readonly AttentionJob _attention;
    private readonly LoraJob _lora;
    private long _pass;

    /// <summary>A runner for <paramref name="weights"/> whose sequences keep their keys and values in <paramref name="cache"/>.</summary>
    /// <exception cref="ArgumentException">The cache was made for another layer count or key/value width.</exception>
    public ModelRunner(ModelWeights weights, WorkerPool pool, KvCache cache, ModelRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(cache);
        options ??= new ModelRunnerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchTokens, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxLogitsRows, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxLogitsRows, options.MaxBatchTokens, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ContextLength, nameof(options));
        ModelConfig c = weights.Config;
        if (cache.Layers != c.BlockCount || cache.KeyValueLength != c.KeyValueLength)
            throw new ArgumentException($"The cache holds {cache.Layers} layers × {cache.KeyValueLength}; the model has {c.BlockCount} × {c.KeyValueLength}.", nameof(cache));

        _weights = weights;
        _config = c;
        _pool = pool;
        _cache = cache;
        MaxBatchTokens = options.MaxBatchTokens;
        MaxLogitsRows = options.MaxLogitsRows == 0 ? options.MaxBatchTokens : options.MaxLogitsRows;
        ContextLength = options.ContextLength == 0 ? c.ContextLength : options.ContextLength;
        _state = new RunState(weights, MaxBatchTokens, MaxLogitsRows, ContextLength, pool.ThreadCount);
        _matMul = new MatMulJob(pool.ThreadCount);
        _attention = new AttentionJob(_state, cache, c, ContextLength, pool.ThreadCount);
        _lora = new LoraJob(MaxBatchTokens, pool.ThreadCount);
    }

    public ModelConfig Config => _config;

    public KvCache Cache => _cache;

    /// <summary>Most tokens one pass takes.</summary>
    public int MaxBatchTokens { get; }

    /// <summary>Most tokens of one pass whose logits are wanted.</summary>
    public int MaxLogitsRows { get; }

    /// <summary>Most positions one sequence may reach.</summary>
    public int ContextLength { get; }

    /// <summary>
    /// The logits (vocab) of the wanted token whose row <see cref="ForwardBatch.Add"/> returned, from the last
    /// <see cref="Forward"/>; valid until the next one.
    /// </summary>
    public ReadOnlySpan<float> Logits(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, MaxLogitsRows);
        return _state.Logits.AsSpan(row * _config.VocabSize, _config.VocabSize);
    }

    /// <summary>
    /// One forward pass over <paramref name="batch"/>: writes each token's keys and values into its sequence's slot for
    /// its position, attends each token to positions <c>0..position</c> of its own sequence, leaves the wanted logits
    /// in <see cref="Logits"/>, and advances each sequence's <see cref="BlockTable.Length"/> past its tokens.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A token is outside the vocabulary, a sequence's positions do not continue its table, a position is past
    /// <see cref="ContextLength"/>, or the batch is empty or too large.
    /// </exception>
    /// <exception cref="InvalidOperationException">A position has no reserved slot (<see cref="BlockTable.TryReserve"/> first).</exception>
    public void Forward(ForwardBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Validate(batch);
        RunState s = _state;
        ModelConfig c = _config;
        int n = batch.Count, dim = c.EmbeddingLength, qDim = c.QueryLength, kvDim = c.KeyValueLength;
        int headDim = c.HeadDim, pairs = c.RopeDimensionCount / 2, hidden = c.FeedForwardLength;
        RopeStyle rope = _weights.Architecture.RopeStyle;
        ReadOnlySpan<int> tokens = batch.Tokens, positions = batch.Positions;
        bool lora = _lora.Prepare(batch, c); // tokens with an adapter, grouped by adapter

        // :: Step 1 — embedding rows into the residual stream x (n, dim), RoPE angles of each token's position (n, pairs)
        WeightMatrix embedding = _weights.TokenEmbedding;
        for (int t = 0; t < n; t++)
        {
            QuantFormats.Dequantize(embedding.Type, embedding.Row(tokens[t]), s.X.AsSpan(t * dim, dim));
            Kernels.RopeCosSin(s.InverseFrequencies, positions[t], s.Cos.AsSpan(t * pairs, pairs), s.Sin.AsSpan(t * pairs, pairs));
        }

        for (int l = 0; l < _weights.Layers.Count; l++)
        {
            LayerWeights w = _weights.Layers[l];

            // :: Step 2 — attention: xb = rmsnorm(x); q, k, v = xb·Wqᵀ, xb·Wkᵀ, xb·Wvᵀ (+ bias)
            RmsNormRows(s.X, w.AttentionNorm, s.Xb, n, dim);
            MatMul(w.Query, s.Xb, n, s.Q);                          // (n, qDim)
            MatMul(w.Key, s.Xb, n, s.K, w.Query);                   // (n, kvDim)
            MatMul(w.Value, s.Xb, n, s.V, w.Key);                   // (n, kvDim)
            if (lora) // q, k, v += (scale·A·xb)·B per adapted token
                RunLora(_lora.Set(l, s.Xb, dim).Target(LoraModule.Query, s.Q, qDim).Target(LoraModule.Key, s.K, kvDim).Target(LoraModule.Value, s.V, kvDim));
            AddBiasRows(s.Q, w.QueryBias, n);
            AddBiasRows(s.K, w.KeyBias, n);
            AddBiasRows(s.V, w.ValueBias, n);

            // :: Step 3 — RoPE on every query and key head at each token's position; k and v into their cache slots
            for (int t = 0; t < n; t++)
            {
                ReadOnlySpan<float> cos = s.Cos.AsSpan(t * pairs, pairs), sin = s.Sin.AsSpan(t * pairs, pairs);
                Kernels.ApplyRope(s.Q.AsSpan(t * qDim, qDim), headDim, cos, sin, rope);
                Kernels.ApplyRope(s.K.AsSpan(t * kvDim, kvDim), headDim, cos, sin, rope);
            }
            WriteCache(l, batch);

            // :: Step 4 — causal grouped-query attention, each token over its own sequence's 0..p → attentionOut (n, qDim)
            _attention.Set(l, batch);
            _pool.Run(_attention);

            // :: Step 5 — output projection and residual: x += attentionOut·Woᵀ
            MatMul(w.AttentionOutput, s.AttentionOut, n, s.Xb);     // (n, dim)
            if (lora)
                RunLora(_lora.Set(l, s.AttentionOut, qDim).Target(LoraModule.Output, s.Xb, dim));
            TensorPrimitives.Add(s.X.AsSpan(0, n * dim), s.Xb.AsSpan(0, n * dim), s.X.AsSpan(0, n * dim));

            // :: Step 6 — feed-forward: x += (silu(xb·Wgateᵀ) ⊙ xb·Wupᵀ)·Wdownᵀ with xb = rmsnorm(x)
            RmsNormRows(s.X, w.FeedForwardNorm, s.Xb, n, dim);
            MatMul(w.Gate, s.Xb, n, s.Hb);                          // (n, hidden)
            MatMul(w.Up, s.Xb, n, s.Hb2, w.Gate);                   // (n, hidden)
            if (lora)
                RunLora(_lora.Set(l, s.Xb, dim).Target(LoraModule.Gate, s.Hb, hidden).Target(LoraModule.Up, s.Hb2, hidden));
            for (int t = 0; t < n; t++) // row by row, so that a token's result does not depend on the batch around it
                Kernels.SwiGlu(s.Hb.AsSpan(t * hidden, hidden), s.Hb2.AsSpan(t * hidden, hidden), s.Hb.AsSpan(t * hidden, hidden));
            MatMul(w.Down, s.Hb, n, s.Xb);                          // (n, dim)
            if (lora)
                RunLora(_lora.Set(l, s.Hb, hidden).Target(LoraModule.Down, s.Xb, dim));
            TensorPrimitives.Add(s.X.AsSpan(0, n * dim), s.Xb.AsSpan(0, n * dim), s.X.AsSpan(0, n * dim));
        }

        // :: Step 7 — final norm and classifier for the wanted tokens only: xb row r = rmsnorm(x of the r-th wanted token) → logits (r, vocab)
        ReadOnlySpan<int> rows = batch.LogitsRows;
        for (int t = 0; t < n; t++)
        {
            if (rows[t] >= 0)
                Kernels.RmsNorm(s.X.AsSpan(t * dim, dim), _weights.OutputNorm, c.RmsNormEps, s.Xb.AsSpan(rows[t] * dim, dim));
        }
        if (batch.LogitsCount > 0)
            MatMul(_weights.Output, s.Xb, batch.LogitsCount, s.Logits);

        for (int t = 0; t < n; t++)
            batch.Sequence(t).Advance(positions[t] + 1);
        if (lora)
            _lora.Clear(n);
    }

    private void RunLora(LoraJob job) => job.Run(_pool);

    /// <summary>Each token's new key and value rows (staged in K and V) into its sequence's slot of layer <paramref name="layer"/>.</summary>
    private void WriteCache(int layer, ForwardBatch batch)
    {
        int kvDim = _config.KeyValueLength, blockTokens = _cache.BlockTokens;
        ReadOnlySpan<int> positions = batch.Positions;
        bool half = _cache.ElementType == KvElementType.F16;
        for (int t = 0; t < batch.Count; t++)
        {
            (int index, int slot) = Math.DivRem(positions[t], blockTokens);
            int offset = (batch.Sequence(t).Blocks[index] * blockTokens + slot) * kvDim;
            ReadOnlySpan<float> key = _state.K.AsSpan(t * kvDim, kvDim), value = _state.V.AsSpan(t * kvDim, kvDim);
            if (half)
            {
                TensorPrimitives.ConvertToHalf(key, _cache.KeysF16(layer).Slice(offset, kvDim));
                TensorPrimitives.ConvertToHalf(value, _cache.ValuesF16(layer).Slice(offset, kvDim));
            }
            else
            {
                key.CopyTo(_cache.KeysF32(layer).Slice(offset, kvDim));
                value.CopyTo(_cache.ValuesF32(layer).Slice(offset, kvDim));
            }
        }
    }

    /// <summary>
    /// <c>output (tokens, w.Rows) = input (tokens, w.Columns) · wᵀ</c> on the worker pool. The input is converted for
    /// <paramref name="w"/> row by row unless the conversion left by the previous product, on
    /// <paramref name="convertedFor"/> with the same input, serves it too.
    /// </summary>
    private void MatMul(LinearWeights w, float[] input, int tokens, float[] output, LinearWeights? convertedFor = null)
    {
        if (convertedFor is null || !w.SharesActivationsWith(convertedFor))
        {
            int bytes = w.ActivationBytes;
            for (int t = 0; t < tokens; t++)
                w.QuantizeActivations(input.AsSpan(t * w.Columns, w.Columns), _state.Converted.AsSpan(t * bytes, bytes));
        }
        _matMul.Set(w, _state.Converted, tokens, output, 0);
        _pool.Run(_matMul);
    }

    private void RmsNormRows(float[] x, float[] weight, float[] destination, int tokens, int dim)
    {
        for (int t = 0; t < tokens; t++)
            Kernels.RmsNorm(x.AsSpan(t * dim, dim), weight, _config.RmsNormEps, destination.AsSpan(t * dim, dim));
    }

    private static void AddBiasRows(float[] rows, float[]? bias, int tokens)
    {
        if (bias is null)
            return;
        for (int t = 0; t < tokens; t++)
        {
            Span<float> row = rows.AsSpan(t * bias.Length, bias.Length);
            TensorPrimitives.Add(row, bias, row);
        }
    }
}
