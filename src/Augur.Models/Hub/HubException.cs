namespace Augur.Models.Hub;

/// <summary>A download from the hub failed: not found, refused, interrupted past its retries, or its contents did not check out.</summary>
public sealed class HubException : Exception
{
    public HubException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status that refused the download, when one did.</summary>
    public int? StatusCode { get; init; }
}
