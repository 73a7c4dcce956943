using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// Causal grouped-query attention of one layer for a batch of tokens at consecutive positions, split across workers by
/// (token, key/value head): each item runs the query heads that share that key/value head. Token <c>t</c> at position <c>p</c> attends to cache positions <c>0..p</c>; query head <c>h</c>
/// reads key/value head <c>h / (heads / kvHeads)</c>.
/// </summary>
internal sealed class AttentionJob : ParallelJob
{
    private readonly RunState _state;
    private readonly int _heads, _headDim, _kvDim, _groupSize, _contextLength;
    private readonly float _scale;
    private long _layerOffset;
    private int _startPosition, _tokens;

    public AttentionJob(RunState state, ModelConfig config, int contextLength)
    {
        _state = state;
        _heads = config.HeadCount;
        _headDim = config.HeadDim;
        _kvDim = config.KeyValueLength;
        _groupSize = config.HeadCount / config.HeadCountKv;
        _contextLength = contextLength;
        _scale = 1.0f / MathF.Sqrt(_headDim);
    }

    public void Set(int layer, int startPosition, int tokens)
    {
        _layerOffset = (long)layer * _contextLength * _kvDim;
        _startPosition = startPosition;
        _tokens = tokens;
    }

    public override void Execute(int workerIndex, int workerCount)
    {
        int kvHeads = _heads / _groupSize, groupWidth = _groupSize * _headDim;
        Span<float> scratch = _state.Scores.AsSpan(workerIndex * _groupSize * _contextLength, _groupSize * _contextLength);
        ReadOnlySpan<float> keys = _state.KeyCache.AsSpan((int)_layerOffset, _contextLength * _kvDim);
        ReadOnlySpan<float> values = _state.ValueCache.AsSpan((int)_layerOffset, _contextLength * _kvDim);
        // Strided, not contiguous: later tokens attend to more positions, so contiguous shares would be uneven.
        for (int item = workerIndex; item < _tokens * kvHeads; item += workerCount)
        {
            int t = item / kvHeads, kvHead = item % kvHeads;
            int length = _startPosition + t + 1;
            int queryOffset = (t * _heads + kvHead * _groupSize) * _headDim;
            Kernels.GroupedAttention(
                _state.Q.AsSpan(queryOffset, groupWidth), _groupSize, _headDim,
                keys[(kvHead * _headDim)..], values[(kvHead * _headDim)..], _kvDim, length, _scale,
                scratch, _state.AttentionOut.AsSpan(queryOffset, groupWidth));
        }
    }
}
