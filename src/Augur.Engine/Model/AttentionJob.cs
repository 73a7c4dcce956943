using System.Numerics.Tensors;
using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// Causal grouped-query attention of one layer for a batch of tokens at consecutive positions, split across workers by
/// (token, head). Token <c>t</c> at position <c>p</c> attends to cache positions <c>0..p</c>; query head <c>h</c>
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
        (int start, int end) = WorkerPool.Partition(_tokens * _heads, workerIndex, workerCount);
        Span<float> scratch = _state.Scores.AsSpan(workerIndex * _contextLength, _contextLength);
        for (int item = start; item < end; item++)
        {
            int t = item / _heads, h = item % _heads;
            int position = _startPosition + t;
            int kvHeadOffset = h / _groupSize * _headDim;
            ReadOnlySpan<float> q = _state.Q.AsSpan((t * _heads + h) * _headDim, _headDim);      // (headDim)
            Span<float> output = _state.AttentionOut.AsSpan((t * _heads + h) * _headDim, _headDim); // (headDim)
            Span<float> scores = scratch[..(position + 1)];                                          // (position + 1)

            for (int j = 0; j <= position; j++)
                scores[j] = TensorPrimitives.Dot(q, CacheRow(_state.KeyCache, j, kvHeadOffset)) * _scale;
            Kernels.Softmax(scores);

            output.Clear();
            for (int j = 0; j <= position; j++)
                TensorPrimitives.MultiplyAdd(CacheRow(_state.ValueCache, j, kvHeadOffset), scores[j], output, output);
        }
    }

    private ReadOnlySpan<float> CacheRow(float[] cache, int position, int kvHeadOffset) =>
        cache.AsSpan((int)(_layerOffset + (long)position * _kvDim + kvHeadOffset), _headDim);
}
