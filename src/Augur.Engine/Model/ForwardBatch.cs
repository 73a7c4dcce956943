using Augur.Engine.Kv;
using Augur.Engine.Lora;

namespace Augur.Engine.Model;

/// <summary>
/// The tokens of one <see cref="ModelRunner.Forward"/> pass, from any number of sequences: per token its id, its
/// position, its sequence's <see cref="BlockTable"/>, its LoRA adapter (if any) and whether its logits are wanted. A sequence contributes a run of
/// consecutive positions starting at its table's <see cref="BlockTable.Length"/> (a prefill chunk, one decode token,
/// or a draft to verify). Reused from pass to pass; adding allocates nothing.
/// </summary>
public sealed class ForwardBatch
{
    private readonly int[] _tokens;
    private readonly int[] _positions;
    private readonly BlockTable?[] _sequences;
    private readonly int[] _logitsRows;
    private readonly LoraAdapter?[] _adapters;

    /// <summary>A batch of at most <paramref name="capacity"/> tokens.</summary>
    public ForwardBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _tokens = new int[capacity];
        _positions = new int[capacity];
        _sequences = new BlockTable?[capacity];
        _logitsRows = new int[capacity];
        _adapters = new LoraAdapter?[capacity];
    }

    /// <summary>Most tokens the batch holds.</summary>
    public int Capacity => _tokens.Length;

    /// <summary>Tokens added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Tokens whose logits are wanted: the rows of <see cref="ModelRunner.Logits"/>.</summary>
    public int LogitsCount { get; private set; }

    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, Count);

    public ReadOnlySpan<int> Positions => _positions.AsSpan(0, Count);

    /// <summary>Per token, its row of <see cref="ModelRunner.Logits"/>, or −1 when its logits are not wanted.</summary>
    public ReadOnlySpan<int> LogitsRows => _logitsRows.AsSpan(0, Count);

    internal BlockTable Sequence(int index) => _sequences[index]!;

    /// <summary>The LoRA adapter of token <paramref name="index"/>, or null for the base model.</summary>
    internal LoraAdapter? Adapter(int index) => _adapters[index];

    /// <summary>
    /// Adds <paramref name="token"/> at <paramref name="position"/> of <paramref name="sequence"/>; returns its row of
    /// <see cref="ModelRunner.Logits"/> when <paramref name="wantLogits"/>, otherwise −1. The token runs with
    /// <paramref name="adapter"/>'s deltas added to its projections (null: the base model).
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch is full.</exception>
    public int Add(int token, int position, BlockTable sequence, bool wantLogits, LoraAdapter? adapter = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (Count == Capacity)
            throw new InvalidOperationException($"The batch is full ({Capacity} tokens).");
        int row = wantLogits ? LogitsCount++ : -1;
        _tokens[Count] = token;
        _positions[Count] = position;
        _sequences[Count] = sequence;
        _logitsRows[Count] = row;
        _adapters[Count] = adapter;
        Count++;
        return row;
    }

    /// <summary>
    /// Adds <paramref name="tokens"/> at positions <paramref name="startPosition"/>… of <paramref name="sequence"/>,
    /// wanting the logits of the last one only if <paramref name="wantLastLogits"/>; returns that row, or −1.
    /// </summary>
    public int AddRange(ReadOnlySpan<int> tokens, int startPosition, BlockTable sequence, bool wantLastLogits, LoraAdapter? adapter = null)
    {
        if (tokens.Length > Capacity - Count)
            throw new InvalidOperationException($"{tokens.Length} tokens do not fit: the batch has {Capacity - Count} places left.");
        int row = -1;
        for (int i = 0; i < tokens.Length; i++)
            row = Add(tokens[i], startPosition + i, sequence, wantLastLogits && i == tokens.Length - 1, adapter);
        return row;
    }

    /// <summary>Empties the batch (and drops its references to block tables and adapters).</summary>
    public void Clear()
    {
        Array.Clear(_sequences, 0, Count);
        Array.Clear(_adapters, 0, Count);
        Count = 0;
        LogitsCount = 0;
    }
}
