namespace Augur.Engine.Lora;

/// <summary>
/// The adapters loaded for one base model: loaded on first use by their key (a finetune id), kept while they fit a
/// memory budget, and evicted least recently used first. An evicted adapter still serves the sequences that hold it;
/// it is only forgotten here, and loaded again on its next use. Thread-safe; a load runs outside the lock, so two
/// first uses of one key at once may both load (the first stored wins).
/// </summary>
public sealed class LoraAdapterCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, LoraAdapter Adapter)>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, LoraAdapter Adapter)> _recency = []; // most recent first

    /// <summary>A cache holding adapters up to <paramref name="budgetBytes"/> in all (the most recent one always stays).</summary>
    public LoraAdapterCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, 1);
        BudgetBytes = budgetBytes;
    }

    public long BudgetBytes { get; }

    /// <summary>Bytes of the adapters held.</summary>
    public long Bytes { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
                return _byKey.Count;
        }
    }

    public long Loads { get; private set; }

    public long Hits { get; private set; }

    public long Evictions { get; private set; }

    /// <summary>The adapter stored under <paramref name="key"/>, loading it with <paramref name="load"/> if absent.</summary>
    public LoraAdapter GetOrLoad(string key, Func<LoraAdapter> load)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(load);
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var node))
            {
                Hits++;
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Adapter;
            }
        }
        LoraAdapter loaded = load();
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var raced))
                return raced.Value.Adapter;
            Loads++;
            _byKey[key] = _recency.AddFirst((key, loaded));
            Bytes += loaded.ByteSize;
            while (Bytes > BudgetBytes && _recency.Count > 1)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _byKey.Remove(last.Value.Key);
                Bytes -= last.Value.Adapter.ByteSize;
                Evictions++;
            }
            return loaded;
        }
    }

    /// <summary>Forgets <paramref name="key"/> (its finetune was deleted); true when it was held.</summary>
    public bool Remove(string key)
    {
        lock (_lock)
        {
            if (!_byKey.Remove(key, out var node))
                return false;
            _recency.Remove(node);
            Bytes -= node.Value.Adapter.ByteSize;
            return true;
        }
    }
}
