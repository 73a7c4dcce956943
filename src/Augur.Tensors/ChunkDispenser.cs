namespace Augur.Tensors;

/// <summary>
/// Hands out the chunks of <c>[0, length)</c> to the workers of one <see cref="WorkerPool"/> run, each chunk exactly
/// once. Every worker first takes the chunks of its own contiguous share, in order, then what is left of the others'
/// shares. A worker that the operating system sets aside (for the HTTP server's thread, say) then delays the run by
/// the chunk it holds, not by its whole share; and with nothing set aside each worker reads the same rows every run.
/// </summary>
/// <remarks>
/// <see cref="Reset"/> is called by the thread that starts the run, before <see cref="WorkerPool.Run"/> (which
/// publishes it to the workers); <see cref="TryTake"/> is called concurrently by the workers during the run. Which
/// worker computes a chunk never changes the result: the chunks are disjoint.
/// </remarks>
public sealed class ChunkDispenser
{
    // One counter per cache line, so that workers taking their own chunks do not contend.
    private const int Stride = 16;

    private readonly int[] _next;
    private readonly int[] _end;
    private int _workers;
    private int _chunkLength;
    private int _length;

    /// <summary>Creates a dispenser for runs of at most <paramref name="maxWorkers"/> workers.</summary>
    public ChunkDispenser(int maxWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWorkers, 1);
        _next = new int[maxWorkers * Stride];
        _end = new int[maxWorkers];
    }

    /// <summary>
    /// Starts a run over <c>[0, <paramref name="length"/>)</c> for <paramref name="workers"/> workers, in chunks of about
    /// <c>length / (workers · chunksPerWorker)</c> items rounded up to a multiple of <paramref name="alignment"/>.
    /// </summary>
    public void Reset(int length, int workers, int chunksPerWorker, int alignment = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workers, _end.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunksPerWorker, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(alignment, 1);

        long wanted = Math.Max(1, (long)length / ((long)workers * chunksPerWorker));
        long chunkLength = (wanted + alignment - 1) / alignment * alignment;
        int chunks = (int)((length + chunkLength - 1) / chunkLength);
        _workers = workers;
        _chunkLength = (int)Math.Min(chunkLength, int.MaxValue);
        _length = length;
        for (int w = 0; w < workers; w++)
        {
            _next[w * Stride] = (int)((long)chunks * w / workers);
            _end[w] = (int)((long)chunks * (w + 1) / workers);
        }
    }

    /// <summary>
    /// The next chunk <c>[Start, End)</c> for <paramref name="workerIndex"/>: one of its own share while any is left,
    /// then one of another worker's; false when every chunk has been taken.
    /// </summary>
    public bool TryTake(int workerIndex, out int start, out int end)
    {
        for (int i = 0; i < _workers; i++)
        {
            int owner = workerIndex + i < _workers ? workerIndex + i : workerIndex + i - _workers;
            if (Volatile.Read(ref _next[owner * Stride]) >= _end[owner])
                continue;
            int chunk = Interlocked.Increment(ref _next[owner * Stride]) - 1;
            if (chunk >= _end[owner])
                continue;
            start = (int)Math.Min((long)chunk * _chunkLength, _length);
            end = (int)Math.Min((long)(chunk + 1) * _chunkLength, _length);
            return true;
        }
        start = end = 0;
        return false;
    }
}
