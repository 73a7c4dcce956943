namespace Augur.Engine.Scheduling;

/// <summary>Where a <see cref="Sequence"/> is in its life.</summary>
internal enum SequenceStatus
{
    /// <summary>Queued for admission: new, or preempted and waiting to be recomputed.</summary>
    Waiting,

    /// <summary>Admitted: it holds KV blocks and is prefilled or decoded each step.</summary>
    Running,

    /// <summary>Done; its blocks are back in the cache.</summary>
    Finished,
}
