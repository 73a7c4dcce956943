namespace Augur.Tensors;

/// <summary>
/// One piece of work that a <see cref="WorkerPool"/> runs on all its workers at once. Jobs are preallocated objects whose
/// mutable fields carry the arguments, so that running one allocates nothing.
/// </summary>
public abstract class ParallelJob
{
    /// <summary>
    /// Does this worker's share of the work. Called once per worker and run, concurrently, with
    /// <paramref name="workerIndex"/> in <c>[0, workerCount)</c>; worker 0 is the thread that called <see cref="WorkerPool.Run"/>.
    /// </summary>
    public abstract void Execute(int workerIndex, int workerCount);
}
