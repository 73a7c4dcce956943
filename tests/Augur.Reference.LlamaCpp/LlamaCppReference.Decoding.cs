using System.Diagnostics;
using LLama.Native;

namespace Augur.Reference.LlamaCpp;

public sealed partial class LlamaCppReference
{
    /// <summary>
    /// Times the evaluation of <paramref name="tokens"/> from an empty cache, in batches of
    /// <see cref="LlamaCppOptions.BatchSize"/> (one batch when it fits), with logits for the last
    /// position only. The tokens stay in the cache, so <see cref="Decode"/> can follow.
    /// </summary>
    public TimeSpan Prefill(ReadOnlySpan<int> tokens)
    {
        ThrowIfEmpty(tokens);
        ClearCache();
        long start = Stopwatch.GetTimestamp();
        Evaluate(tokens, allLogits: false);
        _context.Synchronize();
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>
    /// Times <paramref name="count"/> single-token evaluations after whatever is in the cache: the first
    /// evaluates <paramref name="firstToken"/>, each later one the argmax of the previous step's logits
    /// (so the time includes reading the logits back, as a greedy decoder does).
    /// </summary>
    public TimeSpan Decode(int firstToken, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ThrowIfBadToken(firstToken);
        long start = Stopwatch.GetTimestamp();
        int token = firstToken;
        for (int i = 0; i < count; i++)
        {
            DecodeChunk([token], allLogits: false);
            token = ArgMax(_context.GetLogitsIth(0));
        }

        _context.Synchronize();
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>Appends <paramref name="tokens"/> to the cache in batches; afterwards the last batch is in <see cref="_batch"/>.</summary>
    private void Evaluate(ReadOnlySpan<int> tokens, bool allLogits)
    {
        for (int start = 0; start < tokens.Length; start += _batchSize)
            DecodeChunk(tokens.Slice(start, Math.Min(_batchSize, tokens.Length - start)), allLogits);
    }

    /// <summary>
    /// One <c>llama_decode</c> of at most one batch at the next positions of sequence 0. llama.cpp
    /// only keeps logits for the tokens whose flag is set; without <paramref name="allLogits"/> that is the last.
    /// </summary>
    private void DecodeChunk(ReadOnlySpan<int> tokens, bool allLogits)
    {
        Debug.Assert(tokens.Length <= _batchSize);
        if (_position + tokens.Length > ContextSize)
        {
            throw new InvalidOperationException(
                $"Evaluating {tokens.Length} more tokens after {_position} would pass the context size {ContextSize}.");
        }

        _batch.Clear();
        for (int i = 0; i < tokens.Length; i++)
        {
            ThrowIfBadToken(tokens[i]);
            _batch.Add(tokens[i], _position + i, LLamaSeqId.Zero, allLogits || i == tokens.Length - 1);
        }

        DecodeResult result = _context.Decode(_batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama_decode failed: {result} ({(int)result}).");
        _position += tokens.Length;
    }

    private void ThrowIfBadToken(int token)
    {
        if ((uint)token >= (uint)VocabSize)
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Token ids run from 0 to {VocabSize - 1}.");
    }
}
