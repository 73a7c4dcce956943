using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using Augur.Models;
using Augur.Tensors;
using Augur.Tensors.Quant;

namespace Augur.Engine.Model;

/// <summary>
/// A llama-family decoder running one sequence over a contiguous F32 KV cache: <see cref="Forward"/> for one token,
/// <see cref="Prefill"/> for many at once (each weight read once per chunk). Not thread-safe; the matrix products and
/// attention run on the given <see cref="WorkerPool"/>. Allocates nothing per token.
/// </summary>
public sealed class Transformer
{
    private readonly ModelWeights _weights;
    private readonly ModelConfig _config;
    private readonly WorkerPool _pool;
    private readonly RunState _state;
    private readonly MatMulJob _matMul = new();
    private readonly AttentionJob _attention;
    private readonly int _maxBatchTokens;

    public Transformer(ModelWeights weights, WorkerPool pool, TransformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(pool);
        options ??= new TransformerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.ContextLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchTokens, 1);

        _weights = weights;
        _config = weights.Config;
        _pool = pool;
        _maxBatchTokens = options.MaxBatchTokens;
        ContextLength = options.ContextLength == 0 ? _config.ContextLength : options.ContextLength;
        _state = new RunState(weights, ContextLength, _maxBatchTokens, pool.ThreadCount);
        _attention = new AttentionJob(_state, _config, ContextLength);
    }

    public ModelConfig Config => _config;

    /// <summary>Positions the KV cache holds.</summary>
    public int ContextLength { get; }

    /// <summary>Positions <c>[0, Length)</c> of the KV cache hold valid keys and values.</summary>
    public int Length { get; private set; }

    /// <summary>
    /// Runs <paramref name="token"/> at <paramref name="position"/> (at most <see cref="Length"/>; later cache entries are
    /// dropped) and returns its logits (vocab), valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Forward(int token, int position)
    {
        ReadOnlySpan<int> tokens = [token];
        Evaluate(tokens, position);
        return _state.Logits;
    }

    /// <summary>
    /// Runs <paramref name="tokens"/> at positions <paramref name="startPosition"/>… in chunks of at most
    /// <see cref="TransformerOptions.MaxBatchTokens"/>, and returns the logits (vocab) of the last one, valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Prefill(ReadOnlySpan<int> tokens, int startPosition)
    {
        if (tokens.IsEmpty)
            ThrowArgument(nameof(tokens), "At least one token is needed.");
        for (int done = 0; done < tokens.Length; done += _maxBatchTokens)
        {
            int count = Math.Min(_maxBatchTokens, tokens.Length - done);
            Evaluate(tokens.Slice(done, count), startPosition + done);
        }
        return _state.Logits;
    }

    /// <summary>Keeps the first <paramref name="length"/> cached positions and forgets the rest; 0 resets the sequence.</summary>
    public void Truncate(int length)
    {
        if ((uint)length > (uint)Length)
            ThrowArgument(nameof(length), $"Cannot truncate to {length}: the cache holds {Length} positions.");
        Length = length;
    }

    /// <summary>One batched pass over tokens at consecutive positions; leaves the last token's logits in the state.</summary>
    private void Evaluate(ReadOnlySpan<int> tokens, int start)
    {
        Validate(tokens, start);
        RunState s = _state;
        ModelConfig c = _config;
        int n = tokens.Length, dim = c.EmbeddingLength, qDim = c.QueryLength, kvDim = c.KeyValueLength;
        int headDim = c.HeadDim, pairs = c.RopeDimensionCount / 2, hidden = c.FeedForwardLength;
        RopeStyle rope = _weights.Architecture.RopeStyle;

        // :: Step 1 — embedding rows into the residual stream x (n, dim), RoPE angles of each position (n, pairs)
        WeightMatrix embedding = _weights.TokenEmbedding;
        for (int t = 0; t < n; t++)
        {
            QuantFormats.Dequantize(embedding.Type, embedding.Row(tokens[t]), s.X.AsSpan(t * dim, dim));
            Kernels.RopeCosSin(s.InverseFrequencies, start + t, s.Cos.AsSpan(t * pairs, pairs), s.Sin.AsSpan(t * pairs, pairs));
        }

        for (int l = 0; l < _weights.Layers.Count; l++)
        {
            LayerWeights w = _weights.Layers[l];
            // This layer's cache rows for the new positions: (n, kvDim), contiguous.
            int cacheOffset = (l * ContextLength + start) * kvDim;

            // :: Step 2 — attention: xb = rmsnorm(x); q, k, v = xb·Wqᵀ, xb·Wkᵀ, xb·Wvᵀ (+ bias); k and v go straight to the cache
            RmsNormRows(s.X, w.AttentionNorm, s.Xb, n, dim);
            MatMul(w.Query, s.Xb, n, s.Q, 0);                       // q (n, qDim)
            MatMul(w.Key, s.Xb, n, s.KeyCache, cacheOffset, w.Query);        // k (n, kvDim) at cache[l, start..]
            MatMul(w.Value, s.Xb, n, s.ValueCache, cacheOffset, w.Key);    // v (n, kvDim) at cache[l, start..]
            AddBiasRows(s.Q, 0, w.QueryBias, n);
            AddBiasRows(s.KeyCache, cacheOffset, w.KeyBias, n);
            AddBiasRows(s.ValueCache, cacheOffset, w.ValueBias, n);

            // :: Step 3 — RoPE on every query and key head, at each token's position
            for (int t = 0; t < n; t++)
            {
                ReadOnlySpan<float> cos = s.Cos.AsSpan(t * pairs, pairs), sin = s.Sin.AsSpan(t * pairs, pairs);
                Kernels.ApplyRope(s.Q.AsSpan(t * qDim, qDim), headDim, cos, sin, rope);
                Kernels.ApplyRope(s.KeyCache.AsSpan(cacheOffset + t * kvDim, kvDim), headDim, cos, sin, rope);
            }

            // :: Step 4 — causal grouped-query attention over positions 0..p → attentionOut (n, qDim)
            _attention.Set(l, start, n);
            _pool.Run(_attention);

            // :: Step 5 — output projection and residual: x += attentionOut·Woᵀ
            MatMul(w.AttentionOutput, s.AttentionOut, n, s.Xb, 0);  // (n, dim)
            TensorPrimitives.Add(s.X.AsSpan(0, n * dim), s.Xb.AsSpan(0, n * dim), s.X.AsSpan(0, n * dim));

            // :: Step 6 — feed-forward: x += (silu(xb·Wgateᵀ) ⊙ xb·Wupᵀ)·Wdownᵀ with xb = rmsnorm(x)
            RmsNormRows(s.X, w.FeedForwardNorm, s.Xb, n, dim);
            MatMul(w.Gate, s.Xb, n, s.Hb, 0);                       // (n, hidden)
            MatMul(w.Up, s.Xb, n, s.Hb2, 0, w.Gate);                // (n, hidden)
            for (int t = 0; t < n; t++) // row by row, so that a token's result does not depend on the batch around it
                Kernels.SwiGlu(s.Hb.AsSpan(t * hidden, hidden), s.Hb2.AsSpan(t * hidden, hidden), s.Hb.AsSpan(t * hidden, hidden));
            MatMul(w.Down, s.Hb, n, s.Xb, 0);                       // (n, dim)
            TensorPrimitives.Add(s.X.AsSpan(0, n * dim), s.Xb.AsSpan(0, n * dim), s.X.AsSpan(0, n * dim));
        }

        // :: Step 7 — final norm and classifier, for the last token only → logits (vocab)
        Kernels.RmsNorm(s.X.AsSpan((n - 1) * dim, dim), _weights.OutputNorm, c.RmsNormEps, s.Xb.AsSpan(0, dim));
        MatMul(_weights.Output, s.Xb, 1, s.Logits, 0);
        Length = start + n;
    }

    /// <summary>
    /// <c>output[offset..] (tokens, w.Rows) = input (tokens, w.Columns) · wᵀ</c> on the worker pool. The input is converted
    /// for <paramref name="w"/> unless the conversion left by the previous product, on <paramref name="convertedFor"/>
    /// with the same input, serves it too.
    /// </summary>
    private void MatMul(LinearWeights w, float[] input, int tokens, float[] output, int outputOffset, LinearWeights? convertedFor = null)
    {
        if (convertedFor is null || !w.SharesActivationsWith(convertedFor))
        {
            int bytes = w.ActivationBytes;
            for (int t = 0; t < tokens; t++)
                w.QuantizeActivations(input.AsSpan(t * w.Columns, w.Columns), _state.Converted.AsSpan(t * bytes, bytes));
        }
        _matMul.Set(w, _state.Converted, tokens, output, outputOffset);
        _pool.Run(_matMul);
    }

    private void RmsNormRows(float[] x, float[] weight, float[] destination, int tokens, int dim)
    {
        for (int t = 0; t < tokens; t++)
            Kernels.RmsNorm(x.AsSpan(t * dim, dim), weight, _config.RmsNormEps, destination.AsSpan(t * dim, dim));
    }

    private static void AddBiasRows(float[] rows, int offset, float[]? bias, int tokens)
    {
        if (bias is null)
            return;
        for (int t = 0; t < tokens; t++)
        {
            Span<float> row = rows.AsSpan(offset + t * bias.Length, bias.Length);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    private void Validate(ReadOnlySpan<int> tokens, int start)
    {
        if ((uint)start > (uint)Length)
            ThrowArgument(nameof(start), $"Position {start} is past the {Length} cached positions.");
        if (start + tokens.Length > ContextLength)
            ThrowArgument(nameof(start), $"Positions up to {start + tokens.Length} exceed the context length {ContextLength}.");
        if (tokens.Length > _maxBatchTokens)
            ThrowArgument(nameof(tokens), "More tokens than one batch holds.");
        foreach (int token in tokens)
        {
            if ((uint)token >= (uint)_config.VocabSize)
                ThrowArgument(nameof(tokens), $"Token {token} is outside the vocabulary of {_config.VocabSize}.");
        }
    }

    [DoesNotReturn]
    private static void ThrowArgument(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);
}
