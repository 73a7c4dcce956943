using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// <c>output (tokens, w.Rows) = input (tokens, w.Columns) · wᵀ</c>, the rows of <c>w</c> split across workers in
/// aligned blocks, each weight row read once for all tokens. The input is already converted by
/// <see cref="LinearWeights.QuantizeActivations"/>.
/// </summary>
internal sealed class MatMulJob : ParallelJob
{
    // Output rows per block: 16 floats = one cache line, so two workers never write the same line; also two panels.
    private const int RowAlignment = 16;

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
    }

    public override void Execute(int workerIndex, int workerCount)
    {
        LinearWeights weight = _weight!;
        (int start, int end) = WorkerPool.Partition(weight.Rows, workerIndex, workerCount, RowAlignment);
        if (start == end)
            return;
        weight.MatMul(_input.AsSpan(0, _tokens * weight.ActivationBytes), _tokens, _output.AsSpan(_outputOffset, _tokens * weight.Rows), start, end);
    }
}
