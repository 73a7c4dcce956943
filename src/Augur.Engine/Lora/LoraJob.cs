using System.Numerics.Tensors;
using Augur.Engine.Model;
using Augur.Models;
using Augur.Models.Lora;
using Augur.Tensors;

namespace Augur.Engine.Lora;

/// <summary>
/// Adds the LoRA deltas of one layer's projections to their outputs, for every token of a pass whose sequence has an
/// adapter: <c>y += (scale·A·x)·B</c>, up to three projections sharing one input (q, k, v or gate, up) per run. Tokens
/// are ordered by adapter (<see cref="Prepare"/>) so that each worker streams one adapter's matrices over a run of
/// its tokens; each token is computed whole by one worker in a fixed order, so its result never depends on the batch
/// around it. Tokens without an adapter are untouched.
/// </summary>
internal sealed class LoraJob : ParallelJob
{
    private const int MaxTargets = 3;

    private readonly int[] _order;        // (B) batch indices of the tokens with an adapter, grouped by adapter
    private readonly bool[] _placed;      // (B)
    private readonly LoraAdapter?[] _adapters;
    private readonly float[][] _scratch;  // (workers, rank) A·x of one token
    private readonly LoraModule[] _modules = new LoraModule[MaxTargets];
    private readonly float[]?[] _outputs = new float[]?[MaxTargets];
    private readonly int[] _widths = new int[MaxTargets];
    private int _count, _layer, _targets, _inputWidth;
    private float[] _input = [];

    public LoraJob(int maxBatchTokens, int workerCount)
    {
        _order = new int[maxBatchTokens];
        _placed = new bool[maxBatchTokens];
        _adapters = new LoraAdapter?[maxBatchTokens];
        _scratch = new float[workerCount][];
        for (int i = 0; i < workerCount; i++)
            _scratch[i] = [];
    }

    /// <summary>Groups the batch's adapted tokens by adapter; false when no token has one (the pass skips LoRA).</summary>
    /// <exception cref="ArgumentException">An adapter does not fit the model of <paramref name="config"/>.</exception>
    public bool Prepare(ForwardBatch batch, ModelConfig config)
    {
        int n = batch.Count, rank = 0;
        _count = 0;
        Array.Clear(_placed, 0, n);
        for (int t = 0; t < n; t++)
            _adapters[t] = batch.Adapter(t);
        for (int t = 0; t < n; t++)
        {
            if (_placed[t] || _adapters[t] is not { } adapter)
                continue;
            if (adapter.FindMismatch(config) is { } mismatch)
            {
                Array.Clear(_adapters, 0, n);
                throw new ArgumentException($"Token {t} of the batch: {mismatch}.", nameof(batch));
            }
            rank = Math.Max(rank, adapter.Rank);
            for (int k = t; k < n; k++)
            {
                if (ReferenceEquals(_adapters[k], adapter))
                {
                    _order[_count++] = k;
                    _placed[k] = true;
                }
            }
        }
        if (rank > _scratch[0].Length)
        {
            for (int i = 0; i < _scratch.Length; i++)
                _scratch[i] = new float[rank]; // once per larger rank seen
        }
        if (_count == 0)
            Array.Clear(_adapters, 0, n);
        return _count > 0;
    }

    /// <summary>Drops the references to the pass's adapters.</summary>
    public void Clear(int tokens) => Array.Clear(_adapters, 0, tokens);

    /// <summary>Sets the run: layer, the shared input (tokens, inputWidth), then no targets yet.</summary>
    public LoraJob Set(int layer, float[] input, int inputWidth)
    {
        (_layer, _input, _inputWidth, _targets) = (layer, input, inputWidth, 0);
        return this;
    }

    /// <summary>Adds a projection whose output rows (tokens, width) get the delta.</summary>
    public LoraJob Target(LoraModule module, float[] output, int width)
    {
        (_modules[_targets], _outputs[_targets], _widths[_targets]) = (module, output, width);
        _targets++;
        return this;
    }

    public override void Execute(int workerIndex, int workerCount)
    {
        int start = (int)((long)_count * workerIndex / workerCount), end = (int)((long)_count * (workerIndex + 1) / workerCount);
        float[] scratch = _scratch[workerIndex];
        for (int i = start; i < end; i++)
        {
            int t = _order[i];
            LoraAdapter adapter = _adapters[t]!;
            ReadOnlySpan<float> x = _input.AsSpan(t * _inputWidth, _inputWidth);
            for (int k = 0; k < _targets; k++)
            {
                if (adapter.A(_layer, _modules[k]) is not { } a)
                    continue;
                float[] bt = adapter.BTransposed(_layer, _modules[k])!;
                int rank = adapter.Rank, width = _widths[k];
                Span<float> u = scratch.AsSpan(0, rank);
                for (int j = 0; j < rank; j++)
                    u[j] = TensorPrimitives.Dot(a.AsSpan(j * _inputWidth, _inputWidth), x);
                Span<float> y = _outputs[k].AsSpan(t * width, width);
                for (int j = 0; j < rank; j++)
                    TensorPrimitives.MultiplyAdd(bt.AsSpan(j * width, width), u[j], y, y);
            }
        }
    }
}
