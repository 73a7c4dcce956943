using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// <c>output (tokens, w.Rows) = input (tokens, w.Columns) · wᵀ</c>, the rows of <c>w</c> dealt to the workers in
/// aligned chunks by a <see cref="ChunkDispenser"/>, each weight row read once for all tokens. The input is already
/// converted by <see cref="LinearWeights.QuantizeActivations"/>.
/// </summary>
internal sealed class MatMulJob(int workers) : ParallelJob
{
    // Output rows per chunk are a multiple of 16: 16 floats = one cache line, so two workers never write the same
    // line; also two panels.
    private const int RowAlignment = 16;

    // Chunks per worker: enough that a worker the OS delays holds up the product by an eighth of its share at most,
    // few enough that taking one (an atomic increment) costs nothing next to its rows.
    private const int ChunksPerWorker = 8;

    private readonly int _workers = workers;
    private readonly ChunkDispenser _chunks = new(workers);

    private LinearWeights? _weight;
    private byte[] _input = [];
    private int _tokens;
    private float[] _output = [];
    private int _outputOffset;

    public void Set(LinearWeights weight, byte[] input, int tokens, float[] output, int outputOffset)
    {
        _weight = weight;
        _input = input;
        _tokens = tokens;
        _output = output;
        _outputOffset = outputOffset;
        _chunks.Reset(weight.Rows, _workers, ChunksPerWorker, RowAlignment);
    }

    public override void Execute(int workerIndex, int workerCount)
    {
        LinearWeights weight = _weight!;
        ReadOnlySpan<byte> input = _input.AsSpan(0, _tokens * weight.ActivationBytes);
        Span<float> output = _output.AsSpan(_outputOffset, _tokens * weight.Rows);
        while (_chunks.TryTake(workerIndex, out int start, out int end))
            weight.MatMul(input, _tokens, output, start, end);
    }
}
