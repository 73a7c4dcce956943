using System.Diagnostics.CodeAnalysis;
using Augur.Engine.Kv;

namespace Augur.Engine.Model;

public sealed partial class ModelRunner
{
    /// <summary>
    /// Checks a whole batch before the pass touches anything: tokens in the vocabulary, and per sequence positions that
    /// continue its table one by one (in batch order), fit the context and have a slot of their own reserved.
    /// </summary>
    private void Validate(ForwardBatch batch)
    {
        if (batch.Count == 0)
            ThrowArgument(nameof(batch), "The batch is empty.");
        if (batch.Count > MaxBatchTokens)
            ThrowArgument(nameof(batch), $"{batch.Count} tokens exceed the {MaxBatchTokens} one pass takes.");
        if (batch.LogitsCount > MaxLogitsRows)
            ThrowArgument(nameof(batch), $"{batch.LogitsCount} logits rows exceed the {MaxLogitsRows} one pass returns.");

        long pass = ++_pass;
        ReadOnlySpan<int> tokens = batch.Tokens, positions = batch.Positions;
        for (int t = 0; t < batch.Count; t++)
        {
            if ((uint)tokens[t] >= (uint)_config.VocabSize)
                ThrowArgument(nameof(batch), $"Token {tokens[t]} is outside the vocabulary of {_config.VocabSize}.");
            BlockTable table = batch.Sequence(t);
            if (table.Cache != _cache)
                ThrowArgument(nameof(batch), "A block table belongs to another cache.");
            if (table.PassStamp != pass)
            {
                table.PassStamp = pass;
                table.PendingLength = table.Length;
            }
            int position = positions[t];
            if (position != table.PendingLength)
                ThrowArgument(nameof(batch), $"Token {t} is at position {position}; its sequence continues at {table.PendingLength}.");
            if (position >= ContextLength)
                ThrowArgument(nameof(batch), $"Position {position} is past the context length {ContextLength}.");
            if (position >= table.Capacity)
                ThrowNotReserved(position, table.Capacity);
            if (!_cache.IsWritable(table.Blocks[position / _cache.BlockTokens]))
                ThrowShared(position);
            table.PendingLength = position + 1;
        }
    }

    [DoesNotReturn]
    private static void ThrowArgument(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    private static void ThrowNotReserved(int position, int capacity) =>
        throw new InvalidOperationException($"Position {position} has no slot: the sequence reserved {capacity}. Call BlockTable.TryReserve first.");

    [DoesNotReturn]
    private static void ThrowShared(int position) =>
        throw new InvalidOperationException($"Position {position} falls in a block other sequences share, or one published to the prefix cache. Call BlockTable.TryReserve first (it copies on write).");
}
