namespace Augur.Server.Batches;

/// <summary>
/// The async batch API's limits and its runner, bound from <c>Augur:Batches</c>. Each node that serves models runs
/// the runner: it claims queued items in groups from the shared store and runs them at batch priority.
/// </summary>
public sealed record BatchOptions
{
    /// <summary>Run queued items on this node. Default true; a node with false still accepts and answers batches.</summary>
    public bool RunnerEnabled { get; init; } = true;

    /// <summary>Most items in one batch; more is a 3006. Default 10000. (The body limit, <c>Augur:MaxRequestBodyBytes</c>, applies too.)</summary>
    public int MaxItemsPerBatch { get; init; } = 10_000;

    /// <summary>Hours a finished batch's results are kept, then deleted (a poll then finds nothing). Default 24.</summary>
    public double ResultRetentionHours { get; init; } = 24;

    /// <summary>Most items this node runs at once; it claims a new group when half of them are done. Default 16.</summary>
    public int ClaimGroupSize { get; init; } = 16;

    /// <summary>Seconds a claim holds an item; renewed every third of it while the item runs. A dead node's items run again once it lapses. Default 30.</summary>
    public double LeaseSeconds { get; init; } = 30;

    /// <summary>Milliseconds between looks at the queue when it was empty (a batch submitted to this node wakes it at once). Default 1000.</summary>
    public int PollMilliseconds { get; init; } = 1000;

    /// <summary>Seconds between sweeps of expired results. Default 300.</summary>
    public int SweepSeconds { get; init; } = 300;

    /// <summary>This node's name in leases and results; null (the default) makes a new one per process (host name, process id, random suffix).</summary>
    public string? NodeId { get; init; }

    /// <summary>Adds the problems of these options to <paramref name="problems"/>.</summary>
    internal void Validate(List<string> problems)
    {
        if (MaxItemsPerBatch < 1)
            problems.Add($"Augur:Batches:MaxItemsPerBatch must be at least 1, not {MaxItemsPerBatch}.");
        if (!(ResultRetentionHours > 0))
            problems.Add($"Augur:Batches:ResultRetentionHours must be > 0, not {ResultRetentionHours}.");
        if (ClaimGroupSize < 1)
            problems.Add($"Augur:Batches:ClaimGroupSize must be at least 1, not {ClaimGroupSize}.");
        if (!(LeaseSeconds >= 1))
            problems.Add($"Augur:Batches:LeaseSeconds must be at least 1, not {LeaseSeconds}.");
        if (PollMilliseconds < 10)
            problems.Add($"Augur:Batches:PollMilliseconds must be at least 10, not {PollMilliseconds}.");
        if (SweepSeconds < 1)
            problems.Add($"Augur:Batches:SweepSeconds must be at least 1, not {SweepSeconds}.");
        if (NodeId is { Length: 0 or > 128 })
            problems.Add("Augur:Batches:NodeId must have 1 to 128 characters when given.");
    }
}
