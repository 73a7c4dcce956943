using Augur.Server.Errors;

namespace Augur.Server.Batches;

/// <summary>The batch API's own error.</summary>
public static class BatchErrors
{
    /// <summary>
    /// 7003, 404: no batch with that id in this account (another account's id reads the same), or its results were
    /// swept. Cloudflare's code for an identifier that names nothing.
    /// </summary>
    public static WorkersAiError NotFound { get; } = new(7003, 404, "invalid_request_error", "not_found");

    /// <summary>3006, 413: an uploaded batch file over <c>Augur:MaxRequestBodyBytes</c>.</summary>
    public static WorkersAiError FileTooLarge { get; } = new(3006, 413, "invalid_request_error", "file_too_large");
}
