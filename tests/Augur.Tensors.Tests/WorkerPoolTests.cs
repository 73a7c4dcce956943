namespace Augur.Tensors.Tests;

public class WorkerPoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Run_PartitionedJob_CoversEveryIndexOnce(int threadCount)
    {
        using var pool = new WorkerPool(threadCount);
        var job = new CountingJob();
        foreach (int alignment in new[] { 1, 4, 16 })
        {
            for (int n = 0; n <= 300; n += n < 40 ? 1 : 37)
            {
                job.Reset(n, alignment);
                pool.Run(job);
                Assert.All(job.Hits, hits => Assert.Equal(1, hits));
            }
        }
    }

    [Theory]
    [InlineData(1000, 3, 16)]
    [InlineData(64, 2, 16)]
    [InlineData(7, 4, 4)]
    public void Partition_BoundariesAreAligned(int length, int workers, int alignment)
    {
        int previousEnd = 0;
        for (int w = 0; w < workers; w++)
        {
            (int start, int end) = WorkerPool.Partition(length, w, workers, alignment);
            Assert.Equal(previousEnd, start);
            Assert.True(end >= start);
            Assert.True(end == length || end % alignment == 0);
            previousEnd = end;
        }
        Assert.Equal(length, previousEnd);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(3, 2)]
    public void Run_WorkerThrows_ExceptionReachesCaller(int threadCount, int throwingWorker)
    {
        using var pool = new WorkerPool(threadCount);
        var job = new ThrowingJob { ThrowingWorker = throwingWorker };

        var ex = Assert.Throws<InvalidOperationException>(() => pool.Run(job));

        Assert.Equal($"worker {throwingWorker}", ex.Message);
        // The pool stays usable after a failed run.
        var counting = new CountingJob();
        counting.Reset(10, 1);
        pool.Run(counting);
        Assert.All(counting.Hits, hits => Assert.Equal(1, hits));
    }

    [Fact]
    public void Run_ManyRapidRuns_DoNotDeadlockOrLoseWork()
    {
        using var pool = new WorkerPool(3);
        var job = new SumJob();
        for (int i = 0; i < 5000; i++)
        {
            pool.Run(job);
            if (i % 1000 == 0)
                Thread.Sleep(5); // let the workers fall asleep, so that both wake paths run
        }
        Assert.Equal(5000 * 3, job.Total);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_AfterWarmUp_AllocatesNothing(int threadCount)
    {
        using var pool = new WorkerPool(threadCount);
        var job = new AllocationProbeJob(threadCount);
        for (int i = 0; i < 100; i++)
            pool.Run(job);
        // Warm up the blocking paths too: sleeping workers, and a caller that waits for a slow worker.
        Thread.Sleep(20);
        job.SlowWorkers = true;
        pool.Run(job);
        job.SlowWorkers = false;

        job.Measuring = true;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            pool.Run(job);
        long callerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        job.Measuring = false;
        pool.Run(job); // each worker records its own bytes since the first measured run

        Assert.Equal(0, callerBytes);
        Assert.All(job.WorkerBytes, bytes => Assert.Equal(0, bytes));
    }

    [Fact]
    public void Run_CalledFromInsideAJob_Throws()
    {
        using var pool = new WorkerPool(2);
        var job = new ReentrantJob(pool);
        Assert.Throws<InvalidOperationException>(() => pool.Run(job));
    }

    [Fact]
    public void Run_AfterDispose_Throws()
    {
        var pool = new WorkerPool(2);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(new SumJob()));
    }

    [Fact]
    public void Constructor_Default_UsesOneWorkerPerProcessor()
    {
        using var pool = new WorkerPool();
        Assert.Equal(Environment.ProcessorCount, pool.ThreadCount);
    }

    private sealed class CountingJob : ParallelJob
    {
        private int _alignment;

        public int[] Hits { get; private set; } = [];

        public void Reset(int length, int alignment)
        {
            Hits = new int[length];
            _alignment = alignment;
        }

        public override void Execute(int workerIndex, int workerCount)
        {
            (int start, int end) = WorkerPool.Partition(Hits.Length, workerIndex, workerCount, _alignment);
            for (int i = start; i < end; i++)
                Interlocked.Increment(ref Hits[i]);
        }
    }

    private sealed class ThrowingJob : ParallelJob
    {
        public int ThrowingWorker { get; init; }

        public override void Execute(int workerIndex, int workerCount)
        {
            if (workerIndex == ThrowingWorker)
                throw new InvalidOperationException($"worker {workerIndex}");
        }
    }

    private sealed class SumJob : ParallelJob
    {
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public override void Execute(int workerIndex, int workerCount) => Interlocked.Increment(ref _total);
    }

    private sealed class AllocationProbeJob(int workers) : ParallelJob
    {
        private readonly long[] _start = new long[workers];
        private readonly bool[] _started = new bool[workers];

        public volatile bool Measuring;

        public volatile bool SlowWorkers;

        public long[] WorkerBytes { get; } = new long[workers];

        public override void Execute(int workerIndex, int workerCount)
        {
            if (SlowWorkers && workerIndex != 0)
                Thread.Sleep(20);
            long now = GC.GetAllocatedBytesForCurrentThread();
            if (Measuring && !_started[workerIndex])
            {
                _start[workerIndex] = now;
                _started[workerIndex] = true;
            }
            else if (!Measuring && _started[workerIndex])
            {
                WorkerBytes[workerIndex] = now - _start[workerIndex];
                _started[workerIndex] = false;
            }
        }
    }

    private sealed class ReentrantJob(WorkerPool pool) : ParallelJob
    {
        public override void Execute(int workerIndex, int workerCount)
        {
            if (workerIndex == 0)
                pool.Run(this);
        }
    }
}
