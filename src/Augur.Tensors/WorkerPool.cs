using System.Runtime.ExceptionServices;

namespace Augur.Tensors;

/// <summary>
/// A fixed set of persistent threads that run one <see cref="ParallelJob"/> at a time on every worker, the calling
/// thread included (it is worker 0). Waking and joining spin briefly and then block, so a run costs microseconds and
/// allocates nothing, and idle workers take no CPU.
/// </summary>
/// <remarks>
/// One thread at a time may call <see cref="Run"/>; a job must not call <see cref="Run"/> on its own pool.
/// The first exception thrown by any worker is rethrown to the caller once all workers have finished the run.
/// </remarks>
public sealed class WorkerPool : IDisposable
{
    // Spin iterations before a waiting thread blocks: long enough to bridge the gap between the matrix products of
    // one token, short enough not to steal a shared core for long.
    private const int SpinIterations = 64;

    private readonly Thread[] _threads;
    private readonly object _wakeGate = new();
    private readonly object _doneGate = new();
    private ParallelJob? _job;
    private Exception? _error;
    private long _generation;
    private int _sleepers;
    private int _pending;
    private int _callerWaiting;
    private int _running;
    private volatile bool _disposed;

    /// <summary>Creates the pool.</summary>
    /// <param name="threadCount">Workers, the caller included; 0 (the default) means one per logical processor.</param>
    public WorkerPool(int threadCount = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threadCount);
        ThreadCount = threadCount == 0 ? Environment.ProcessorCount : threadCount;
        _threads = new Thread[ThreadCount - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int workerIndex = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(workerIndex))
            {
                IsBackground = true,
                Name = $"Augur worker {workerIndex}",
            };
            _threads[i].Start();
        }
    }

    /// <summary>Workers per run, the calling thread included.</summary>
    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="job"/> on every worker and returns when all have finished.</summary>
    public void Run(ParallelJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            ThrowConcurrentRun();

        try
        {
            if (_threads.Length == 0)
            {
                job.Execute(0, 1);
                return;
            }

            _job = job;
            _error = null;
            Volatile.Write(ref _pending, _threads.Length);
            Interlocked.Increment(ref _generation); // publishes the fields above (full fence)
            if (Volatile.Read(ref _sleepers) > 0)
            {
                lock (_wakeGate)
                    Monitor.PulseAll(_wakeGate);
            }

            try
            {
                job.Execute(0, ThreadCount);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _error, ex, null);
            }

            WaitForWorkers();
            _job = null;
            if (_error is { } error)
                ExceptionDispatchInfo.Capture(error).Throw();
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// The contiguous share <c>[Start, End)</c> of <c>[0, length)</c> that worker <paramref name="workerIndex"/> of
    /// <paramref name="workerCount"/> takes. Boundaries fall on multiples of <paramref name="alignment"/> (except at
    /// <paramref name="length"/>); the shares cover every index exactly once and may be empty.
    /// </summary>
    public static (int Start, int End) Partition(int length, int workerIndex, int workerCount, int alignment = 1)
    {
        long chunks = (length + (long)alignment - 1) / alignment;
        long start = chunks * workerIndex / workerCount * alignment;
        long end = chunks * (workerIndex + 1) / workerCount * alignment;
        return ((int)Math.Min(start, length), (int)Math.Min(end, length));
    }

    /// <summary>Stops and joins the worker threads.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Interlocked.Increment(ref _generation);
        lock (_wakeGate)
            Monitor.PulseAll(_wakeGate);
        foreach (Thread thread in _threads)
            thread.Join();
    }

    private void WaitForWorkers()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) != 0)
        {
            if (spinner.Count < SpinIterations)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            lock (_doneGate)
            {
                // Same handshake as the workers' sleep: the last worker decrements _pending before reading this flag.
                Interlocked.Exchange(ref _callerWaiting, 1);
                while (Volatile.Read(ref _pending) != 0)
                    Monitor.Wait(_doneGate);
                Volatile.Write(ref _callerWaiting, 0);
            }
        }
    }

    private void WorkerLoop(int workerIndex)
    {
        long seen = 0;
        while (true)
        {
            seen = WaitForGeneration(seen);
            if (_disposed)
                return;

            try
            {
                _job!.Execute(workerIndex, ThreadCount);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _error, ex, null);
            }

            if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _callerWaiting) != 0)
            {
                lock (_doneGate)
                    Monitor.PulseAll(_doneGate);
            }
        }
    }

    private long WaitForGeneration(long seen)
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _generation) == seen)
        {
            if (spinner.Count < SpinIterations)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            lock (_wakeGate)
            {
                // Announce the sleep before the final check; Run increments the generation before reading _sleepers,
                // so one of the two always sees the other.
                Interlocked.Increment(ref _sleepers);
                while (Volatile.Read(ref _generation) == seen)
                    Monitor.Wait(_wakeGate);
                Interlocked.Decrement(ref _sleepers);
            }
        }
        return Volatile.Read(ref _generation);
    }

    private static void ThrowConcurrentRun() =>
        throw new InvalidOperationException("WorkerPool.Run was called while another run was in progress.");
}
