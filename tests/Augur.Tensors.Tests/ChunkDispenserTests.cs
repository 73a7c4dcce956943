namespace Augur.Tensors.Tests;

public class ChunkDispenserTests
{
    [Theory]
    [InlineData(0, 1, 8, 1)]
    [InlineData(1, 2, 8, 16)]
    [InlineData(768, 2, 8, 16)]
    [InlineData(32000, 3, 8, 16)]
    [InlineData(1000, 4, 3, 7)]
    [InlineData(5, 4, 1, 1)]
    public void Run_CoversEveryIndexExactlyOnce_OnAlignedBoundaries(int length, int workers, int chunksPerWorker, int alignment)
    {
        using var pool = new WorkerPool(workers);
        var job = new CoverJob(workers);
        for (int run = 0; run < 50; run++)
        {
            job.Start(length, chunksPerWorker, alignment);
            pool.Run(job);

            Assert.All(job.Hits, hits => Assert.Equal(1, hits));
            Assert.All(job.Starts, start => Assert.Equal(0, start % alignment));
            Assert.All(job.Ends, end => Assert.True(end == length || end % alignment == 0, $"End {end} is neither aligned nor the length"));
        }
    }

    [Fact]
    public void TryTake_TakesTheWorkersOwnShareInOrderFirst()
    {
        var chunks = new ChunkDispenser(2);
        chunks.Reset(length: 64, workers: 2, chunksPerWorker: 4, alignment: 8);

        var taken = new List<(int, int)>();
        while (chunks.TryTake(1, out int start, out int end))
            taken.Add((start, end));

        // Worker 1's share is the second half, in order; then it takes worker 0's, whose counter no one else touched.
        Assert.Equal([(32, 40), (40, 48), (48, 56), (56, 64), (0, 8), (8, 16), (16, 24), (24, 32)], taken);
        Assert.False(chunks.TryTake(0, out _, out _));
    }

    [Fact]
    public void TryTake_AWorkerThatNeverComes_LeavesNothingUndone()
    {
        var chunks = new ChunkDispenser(3);
        chunks.Reset(length: 100, workers: 3, chunksPerWorker: 2);

        int covered = 0;
        while (chunks.TryTake(0, out int start, out int end))
            covered += end - start;

        Assert.Equal(100, covered);
    }

    [Fact]
    public void Reset_MoreWorkersThanMade_Throws()
    {
        var chunks = new ChunkDispenser(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => chunks.Reset(10, workers: 3, chunksPerWorker: 1));
    }

    private sealed class CoverJob(int workers) : ParallelJob
    {
        private readonly ChunkDispenser _chunks = new(workers);
        private readonly object _gate = new();

        public int[] Hits { get; private set; } = [];

        public List<int> Starts { get; } = [];

        public List<int> Ends { get; } = [];

        public void Start(int length, int chunksPerWorker, int alignment)
        {
            Hits = new int[length];
            Starts.Clear();
            Ends.Clear();
            _chunks.Reset(length, workers, chunksPerWorker, alignment);
        }

        public override void Execute(int workerIndex, int workerCount)
        {
            while (_chunks.TryTake(workerIndex, out int start, out int end))
            {
                for (int i = start; i < end; i++)
                    Interlocked.Increment(ref Hits[i]);
                lock (_gate)
                {
                    Starts.Add(start);
                    Ends.Add(end);
                }
            }
        }
    }
}
