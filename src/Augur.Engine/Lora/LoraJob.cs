using Augur.Engine.Model;
using Augur.Models;
using Augur.Models.Lora;
using Augur.Tensors;

namespace Augur.Engine.Lora;

/// <summary>
/// Adds the LoRA deltas of one layer's projections to their outputs, for every token of a pass whose sequence has an
/// adapter: <c>y += (scale·A·x)·B</c>, up to three projections sharing one input (q, k, v or gate, up) per run. Tokens
/// are grouped by adapter (<see cref="Prepare"/>), and a run is two parallel phases over each group's tokens as small
/// matrix products, so that each adapter's matrices are streamed once per pass rather than once per token:
/// <c>U = X·(scale·A)ᵀ</c> (units: a block of tokens × a few rank rows), then <c>Y += U·Bᵀ</c> (units: a block of tokens ×
/// a chunk of output columns), the units split among the workers by their cost. Every output element is computed by
/// one chain in a fixed order (see <see cref="LoraKernels"/>) whatever the other tokens of its group, so a token's
/// result never depends on the batch around it. Tokens without an adapter are untouched.
/// </summary>
internal sealed class LoraJob : ParallelJob
{
    private const int MaxTargets = 3;
    private const int TokenBlock = 16;   // tokens per unit
    private const int RankBlock = 4;     // rank rows per unit of the first phase
    private const int ColumnChunk = LoraAdapter.ColumnChunk; // output columns per unit of the second phase: a chunk of Bᵀ

    private readonly int[] _order;        // (B) batch indices of the tokens with an adapter, grouped by adapter
    private readonly bool[] _placed;      // (B)
    private readonly LoraAdapter?[] _adapters;
    private readonly int[] _groupStart;   // (B + 1) where each adapter's tokens start in _order, then _count
    private readonly LoraModule[] _modules = new LoraModule[MaxTargets];
    private readonly float[]?[] _outputs = new float[]?[MaxTargets];
    private readonly int[] _widths = new int[MaxTargets];
    private float[] _u = [];              // (targets, B, _rank): A·x of each token in _order
    private int _count, _groups, _rank, _layer, _targets, _inputWidth;
    private float[] _input = [];
    private bool _up;                     // the phase: false U = X·Aᵀ, true Y += U·Bᵀ
    private long _weight;                 // the phase's total cost

    public LoraJob(int maxBatchTokens, int workerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        _order = new int[maxBatchTokens];
        _placed = new bool[maxBatchTokens];
        _adapters = new LoraAdapter?[maxBatchTokens];
        _groupStart = new int[maxBatchTokens + 1];
    }

    /// <summary>Groups the batch's adapted tokens by adapter; false when no token has one (the pass skips LoRA).</summary>
    /// <exception cref="ArgumentException">An adapter does not fit the model of <paramref name="config"/>.</exception>
    public bool Prepare(ForwardBatch batch, ModelConfig config)
    {
        int n = batch.Count, rank = 0;
        _count = 0;
        _groups = 0;
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
            _groupStart[_groups++] = _count;
            for (int k = t; k < n; k++)
            {
                if (ReferenceEquals(_adapters[k], adapter))
                {
                    _order[_count++] = k;
                    _placed[k] = true;
                }
            }
        }
        _groupStart[_groups] = _count;
        if (rank > _rank)
        {
            _rank = rank;
            _u = new float[MaxTargets * _order.Length * rank]; // once per larger rank seen
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

    /// <summary>Runs both phases on <paramref name="pool"/>.</summary>
    public void Run(WorkerPool pool)
    {
        _up = false;
        _weight = Walk(0, 0, long.MaxValue);
        pool.Run(this);
        _up = true;
        _weight = Walk(0, 0, long.MaxValue);
        pool.Run(this);
    }

    public override void Execute(int workerIndex, int workerCount) =>
        Walk(workerIndex + 1, _weight * workerIndex / workerCount, _weight * (workerIndex + 1) / workerCount);

    /// <summary>
    /// Walks the phase's units in order, computing those whose cumulative cost at their start lies in [from, to) when
    /// <paramref name="compute"/> is nonzero; returns the total cost.
    /// </summary>
    private long Walk(int compute, long from, long to)
    {
        long at = 0;
        int stride = _order.Length * _rank;
        for (int k = 0; k < _targets; k++)
        {
            int width = _widths[k];
            for (int g = 0; g < _groups; g++)
            {
                LoraAdapter adapter = _adapters[_order[_groupStart[g]]]!;
                if (adapter.A(_layer, _modules[k]) is not { } a)
                    continue;
                int rank = adapter.Rank;
                for (int block = _groupStart[g]; block < _groupStart[g + 1]; block += TokenBlock)
                {
                    int tokens = Math.Min(TokenBlock, _groupStart[g + 1] - block);
                    Span<float> u = _u.AsSpan(k * stride + block * _rank);
                    if (!_up)
                    {
                        for (int j = 0; j < rank; j += RankBlock)
                        {
                            int rows = Math.Min(RankBlock, rank - j);
                            if (compute != 0 && at >= from && at < to)
                                LoraKernels.ProjectDown(a.AsSpan(j * _inputWidth, rows * _inputWidth), rows, _inputWidth, _input, _order.AsSpan(block, tokens), u[j..], _rank);
                            at += (long)tokens * rows;
                        }
                    }
                    else
                    {
                        float[] bt = adapter.BTransposed(_layer, _modules[k])!;
                        for (int column = 0; column < width; column += ColumnChunk)
                        {
                            int columns = Math.Min(ColumnChunk, width - column);
                            if (compute != 0 && at >= from && at < to)
                                LoraKernels.ProjectUp(bt.AsSpan(column * rank, rank * columns), width, column, u, _rank, _outputs[k]!, _order.AsSpan(block, tokens));
                            at += (long)tokens * rank * columns;
                        }
                    }
                }
            }
        }
        return at;
    }
}
