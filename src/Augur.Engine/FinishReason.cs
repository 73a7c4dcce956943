namespace Augur.Engine;

/// <summary>Why a sequence stopped generating.</summary>
public enum FinishReason
{
    /// <summary>It produced an end-of-generation token or hit a stop condition.</summary>
    Stop,

    /// <summary>It reached its token limit or the end of the context.</summary>
    Length,

    /// <summary>The caller cancelled it.</summary>
    Cancelled,

    /// <summary>It failed.</summary>
    Error,
}
