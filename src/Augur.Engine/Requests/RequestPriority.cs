namespace Augur.Engine.Requests;

/// <summary>Which work runs first when the engine is busy.</summary>
public enum RequestPriority
{
    /// <summary>A user is waiting (the HTTP API): scheduled ahead of batch work, and may preempt it.</summary>
    Interactive,

    /// <summary>Background work (the async batch API): admitted only in capacity interactive work leaves, preempted first.</summary>
    Batch,
}
