using Augur.Engine.Kv;
using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// Causal grouped-query attention of one layer for a ragged batch, over the paged KV cache, split across workers by
/// (token, key/value head): each item runs the query heads that share that key/value head. A token at position
/// <c>p</c> attends to positions <c>0..p</c> of its own sequence, read through that sequence's block table; query head
/// <c>h</c> reads key/value head <c>h / (heads / kvHeads)</c>.
/// </summary>
internal sealed class AttentionJob : ParallelJob
{
    private readonly RunState _state;
    private readonly KvCache _cache;
    private readonly int _heads, _headDim, _kvDim, _groupSize, _contextLength;
    private readonly float _scale;
    private readonly int _workers;
    private readonly ChunkDispenser _items;
    private ForwardBatch? _batch;
    private int _layer;

    public AttentionJob(RunState state, KvCache cache, ModelConfig config, int contextLength, int workers)
    {
        _workers = workers;
        _items = new ChunkDispenser(workers);
        _state = state;
        _cache = cache;
        _heads = config.HeadCount;
        _headDim = config.HeadDim;
        _kvDim = config.KeyValueLength;
        _groupSize = config.HeadCount / config.HeadCountKv;
        _contextLength = contextLength;
        _scale = 1.0f / MathF.Sqrt(_headDim);
    }

    public void Set(int layer, ForwardBatch batch)
    {
        _layer = layer;
        _batch = batch;
        // One item per chunk: later tokens attend to more positions, so items differ in cost and are best dealt singly.
        int items = batch.Count * (_heads / _groupSize);
        _items.Reset(items, _workers, chunksPerWorker: Math.Max(1, items / _workers));
    }

    public override void Execute(int workerIndex, int workerCount)
    {
        ForwardBatch batch = _batch!;
        int kvHeads = _heads / _groupSize, groupWidth = _groupSize * _headDim, blockTokens = _cache.BlockTokens;
        Span<float> scratch = _state.Scores.AsSpan(workerIndex * _groupSize * _contextLength, _groupSize * _contextLength);
        ReadOnlySpan<int> positions = batch.Positions;
        bool half = _cache.ElementType == KvElementType.F16;
        while (_items.TryTake(workerIndex, out int item, out _))
        {
            int t = item / kvHeads, kvHead = item % kvHeads;
            int length = positions[t] + 1, headOffset = kvHead * _headDim;
            int queryOffset = (t * _heads + kvHead * _groupSize) * _headDim;
            ReadOnlySpan<float> queries = _state.Q.AsSpan(queryOffset, groupWidth);
            Span<float> output = _state.AttentionOut.AsSpan(queryOffset, groupWidth);
            ReadOnlySpan<int> blocks = batch.Sequence(t).Blocks;
            if (half)
            {
                Kernels.PagedAttention(queries, _groupSize, _headDim, _cache.KeysF16(_layer)[headOffset..], _cache.ValuesF16(_layer)[headOffset..],
                    _kvDim, blocks, blockTokens, length, _scale, scratch, output);
            }
            else
            {
                Kernels.PagedAttention(queries, _groupSize, _headDim, _cache.KeysF32(_layer)[headOffset..], _cache.ValuesF32(_layer)[headOffset..],
                    _kvDim, blocks, blockTokens, length, _scale, scratch, output);
            }
        }
    }
}
