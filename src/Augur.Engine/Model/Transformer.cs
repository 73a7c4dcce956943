using System.Diagnostics.CodeAnalysis;
using Augur.Engine.Kv;
using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// A llama-family decoder running one sequence: <see cref="Forward"/> for one token, <see cref="Prefill"/> for many at
/// once (each weight read once per chunk). A <see cref="ModelRunner"/> over a private <see cref="KvCache"/> with room for
/// <see cref="ContextLength"/> positions, F32 unless <see cref="TransformerOptions.KvElementType"/> says otherwise.
/// Not thread-safe; the matrix products and attention run on the given <see cref="WorkerPool"/>. Allocates nothing per
/// token.
/// </summary>
public sealed class Transformer : IDisposable
{
    private readonly ModelRunner _runner;
    private readonly KvCache _cache;
    private readonly BlockTable _sequence;
    private readonly ForwardBatch _batch;
    private readonly int _maxBatchTokens;

    public Transformer(ModelWeights weights, WorkerPool pool, TransformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(pool);
        options ??= new TransformerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.ContextLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchTokens, 1);

        ModelConfig c = weights.Config;
        _maxBatchTokens = options.MaxBatchTokens;
        ContextLength = options.ContextLength == 0 ? c.ContextLength : options.ContextLength;
        var cacheOptions = new KvCacheOptions { ElementType = options.KvElementType };
        cacheOptions = cacheOptions with { BlockCount = (ContextLength + cacheOptions.BlockTokens - 1) / cacheOptions.BlockTokens };
        _cache = KvCache.For(c, cacheOptions);
        try
        {
            var runnerOptions = new ModelRunnerOptions { MaxBatchTokens = _maxBatchTokens, MaxLogitsRows = 1, ContextLength = ContextLength };
            _runner = new ModelRunner(weights, pool, _cache, runnerOptions);
        }
        catch
        {
            _cache.Dispose();
            throw;
        }
        _sequence = new BlockTable(_cache, ContextLength);
        _batch = new ForwardBatch(_maxBatchTokens);
    }

    public ModelConfig Config => _runner.Config;

    /// <summary>Positions the KV cache holds.</summary>
    public int ContextLength { get; }

    /// <summary>How the KV cache stores keys and values.</summary>
    public KvElementType KvElementType => _cache.ElementType;

    /// <summary>Positions <c>[0, Length)</c> of the KV cache hold valid keys and values.</summary>
    public int Length => _sequence.Length;

    /// <summary>
    /// Runs <paramref name="token"/> at <paramref name="position"/> (at most <see cref="Length"/>; later cache entries are
    /// dropped) and returns its logits (vocab), valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Forward(int token, int position)
    {
        ReadOnlySpan<int> tokens = [token];
        Evaluate(tokens, position);
        return _runner.Logits(0);
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
        return _runner.Logits(0);
    }

    /// <summary>Keeps the first <paramref name="length"/> cached positions and forgets the rest; 0 resets the sequence.</summary>
    public void Truncate(int length)
    {
        if ((uint)length > (uint)Length)
            ThrowArgument(nameof(length), $"Cannot truncate to {length}: the cache holds {Length} positions.");
        _sequence.Truncate(length);
    }

    /// <summary>Frees the KV cache.</summary>
    public void Dispose() => _cache.Dispose();

    /// <summary>One batched pass over tokens at consecutive positions; leaves the last token's logits in row 0.</summary>
    private void Evaluate(ReadOnlySpan<int> tokens, int start)
    {
        if ((uint)start > (uint)Length)
            ThrowArgument(nameof(start), $"Position {start} is past the {Length} cached positions.");
        if (start + tokens.Length > ContextLength)
            ThrowArgument(nameof(start), $"Positions up to {start + tokens.Length} exceed the context length {ContextLength}.");
        if (tokens.Length > _maxBatchTokens)
            ThrowArgument(nameof(tokens), "More tokens than one batch holds.");
        foreach (int token in tokens)
        {
            if ((uint)token >= (uint)Config.VocabSize)
                ThrowArgument(nameof(tokens), $"Token {token} is outside the vocabulary of {Config.VocabSize}.");
        }

        _sequence.Truncate(start);
        if (!_sequence.TryReserve(tokens.Length))
            throw new InvalidOperationException("The private KV cache ran out of blocks below its context length.");
        _batch.Clear();
        _batch.AddRange(tokens, start, _sequence, wantLastLogits: true);
        _runner.Forward(_batch);
    }

    [DoesNotReturn]
    private static void ThrowArgument(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);
}
