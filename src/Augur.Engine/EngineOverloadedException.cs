namespace Augur.Engine;

/// <summary>
/// The engine refused a submission because its waiting queue is full (<see cref="EngineOptions.MaxWaitingSequences"/>).
/// Nothing was queued; retry later (HTTP 429).
/// </summary>
public sealed class EngineOverloadedException : Exception
{
    public EngineOverloadedException()
        : this("The engine is over capacity.")
    {
    }

    public EngineOverloadedException(string message)
        : base(message)
    {
    }

    public EngineOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
