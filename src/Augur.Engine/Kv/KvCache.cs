using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Augur.Models;

namespace Augur.Engine.Kv;

/// <summary>
/// A pool of fixed-size KV blocks shared by all sequences of a model. Per layer it holds one native buffer of keys and one
/// of values; block <c>b</c> of a layer is <see cref="BlockTokens"/> consecutive slots of <see cref="KeyValueLength"/>
/// elements each, slot-major (the keys of all heads of one token together). Blocks carry reference counts, so that
/// several sequences (a shared prompt prefix) can hold one block, and a full block can be published under its
/// <see cref="BlockHash"/> for the prefix cache (see <c>KvCache.Blocks.cs</c>).
/// </summary>
/// <remarks>
/// Not thread-safe: one engine thread allocates and releases, between forward passes. The buffers are not cleared, and
/// a slot holds garbage until a forward pass writes it.
/// </remarks>
public sealed unsafe partial class KvCache : IDisposable
{
    private readonly nint[] _keys;
    private readonly nint[] _values;
    private readonly int _layerElements;

    /// <summary>Allocates a pool for <paramref name="layers"/> layers of <paramref name="keyValueLength"/>-wide keys and values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid, give no block, or one layer's pool would exceed 2³¹ elements.</exception>
    public KvCache(int layers, int keyValueLength, KvCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int blocks = options.BlocksFor(layers, keyValueLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1, nameof(options));
        long layerElements = (long)blocks * options.BlockTokens * keyValueLength;
        if (layerElements > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), $"{blocks} blocks of {options.BlockTokens} tokens exceed 2^31 elements per layer.");

        Layers = layers;
        KeyValueLength = keyValueLength;
        BlockTokens = options.BlockTokens;
        BlockCount = blocks;
        ElementType = options.ElementType;
        ElementBytes = KvCacheOptions.ElementBytes(ElementType);
        _layerElements = (int)layerElements;
        _references = new int[blocks];
        _hashes = new BlockHash[blocks];
        _published = new bool[blocks];
        _next = new int[blocks];
        _previous = new int[blocks];
        _head = _tail = -1;
        for (int i = 0; i < blocks; i++)
            PushBack(i); // block 0 at the head

        _keys = new nint[layers];
        _values = new nint[layers];
        nuint bytes = (nuint)(layerElements * ElementBytes);
        for (int l = 0; l < layers; l++)
        {
            _keys[l] = (nint)NativeMemory.AlignedAlloc(bytes, 64);
            _values[l] = (nint)NativeMemory.AlignedAlloc(bytes, 64);
        }
    }

    ~KvCache() => Free();

    /// <summary>A pool for <paramref name="config"/>'s layers and key/value width.</summary>
    public static KvCache For(ModelConfig config, KvCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new KvCache(config.BlockCount, config.KeyValueLength, options);
    }

    public int Layers { get; }

    /// <summary>Elements of one token's keys (and of its values) in one layer: key/value heads × head size.</summary>
    public int KeyValueLength { get; }

    /// <summary>Token slots per block.</summary>
    public int BlockTokens { get; }

    /// <summary>Blocks in the pool.</summary>
    public int BlockCount { get; }

    public KvElementType ElementType { get; }

    /// <summary>Bytes per key or value element: 2 (F16) or 4 (F32).</summary>
    public int ElementBytes { get; }

    /// <summary>Bytes one block takes across all layers, keys and values.</summary>
    public long BlockBytes => 2L * Layers * BlockTokens * KeyValueLength * ElementBytes;

    /// <summary>Copies every layer's keys and values of block <paramref name="source"/> into <paramref name="destination"/> (copy on write).</summary>
    public void CopyBlock(int source, int destination)
    {
        CheckAllocated(source);
        CheckAllocated(destination);
        long blockBytes = (long)BlockTokens * KeyValueLength * ElementBytes;
        for (int l = 0; l < Layers; l++)
        {
            Buffer.MemoryCopy((byte*)_keys[l] + source * blockBytes, (byte*)_keys[l] + destination * blockBytes, blockBytes, blockBytes);
            Buffer.MemoryCopy((byte*)_values[l] + source * blockBytes, (byte*)_values[l] + destination * blockBytes, blockBytes, blockBytes);
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s keys, all blocks, when the elements are <see cref="KvElementType.F32"/>.</summary>
    public Span<float> KeysF32(int layer) => new((void*)Pool(_keys, layer, KvElementType.F32), _layerElements);

    /// <summary>Layer <paramref name="layer"/>'s values, all blocks, when the elements are <see cref="KvElementType.F32"/>.</summary>
    public Span<float> ValuesF32(int layer) => new((void*)Pool(_values, layer, KvElementType.F32), _layerElements);

    /// <summary>Layer <paramref name="layer"/>'s keys, all blocks, when the elements are <see cref="KvElementType.F16"/>.</summary>
    public Span<Half> KeysF16(int layer) => new((void*)Pool(_keys, layer, KvElementType.F16), _layerElements);

    /// <summary>Layer <paramref name="layer"/>'s values, all blocks, when the elements are <see cref="KvElementType.F16"/>.</summary>
    public Span<Half> ValuesF16(int layer) => new((void*)Pool(_values, layer, KvElementType.F16), _layerElements);

    /// <summary>Frees the buffers; the cache must not be used afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private nint Pool(nint[] pools, int layer, KvElementType type)
    {
        if (type != ElementType)
            ThrowElementType(type);
        nint pool = pools[layer];
        ObjectDisposedException.ThrowIf(pool == 0, this);
        return pool;
    }

    private void Free()
    {
        if (_keys is null || _values is null) // a constructor that threw
            return;
        for (int l = 0; l < _keys.Length; l++)
        {
            NativeMemory.AlignedFree((void*)_keys[l]); // null (0) is allowed
            NativeMemory.AlignedFree((void*)_values[l]);
            _keys[l] = _values[l] = 0;
        }
    }

    [DoesNotReturn]
    private void ThrowElementType(KvElementType type) =>
        throw new InvalidOperationException($"The cache holds {ElementType} elements, not {type}.");
}
