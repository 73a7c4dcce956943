namespace Augur.Server.Errors;

/// <summary>A request that ends in a documented error; the API's error filter writes it in the route's style.</summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(WorkersAiError.Internal, "Unknown internal error")
    {
    }

    public ApiException(string message)
        : this(WorkersAiError.Internal, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = WorkersAiError.Internal;
    }

    public ApiException(WorkersAiError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public WorkersAiError Error { get; }

    /// <summary>Shortcut for 3003 with <paramref name="message"/>.</summary>
    public static ApiException BadInput(string message) => new(WorkersAiError.IncompleteRequest, message);
}
