using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// <c>output (tokens, w.Rows) = input (tokens, w.Columns) · wᵀ</c>, the rows of <c>w</c> split across workers in
/// aligned blocks, each weight row read once for all tokens. The input is already converted by
/// <see cref="Kernels.QuantizeActivations"/>.
/// </summary>
internal sealed class MatMulJob : ParallelJob
{
    // Output rows per block: 16 floats = one cache line, so two workers never write the same line.
    private const int RowAlignment = 16;

    private WeightMatrix _weight;
    private byte[] _input = [];
    private int _tokens;
    private float[] _output = [];
    private int _outputOffset;

    public void Set(in WeightMatrix weight, byte[] input, int tokens, float[] output, int outputOffset)
    {
        _weight = weight;
        _input = input;
        _tokens = tokens;
        _output = output;
        _outputOffset = outputOffset;
    }

    public override void Execute(int workerIndex, int workerCount)
    {
        (int start, int end) = WorkerPool.Partition(_weight.Rows, workerIndex, workerCount, RowAlignment);
        if (start == end)
            return;
        int inputBytes = _tokens * Kernels.ActivationBytes(_weight.Type, _weight.Columns);
        Span<float> output = _output.AsSpan(_outputOffset, _tokens * _weight.Rows);
        if (_tokens == 1)
            Kernels.MatVecRows(_weight, _input.AsSpan(0, inputBytes), output, start, end);
        else
            Kernels.MatMulRows(_weight, _input.AsSpan(0, inputBytes), _tokens, output, start, end);
    }
}
