using Augur.Server.Errors;

namespace Augur.Server.Finetunes;

/// <summary>The errors of the finetunes API and of a request's <c>lora</c>.</summary>
internal static class FinetuneErrors
{
    /// <summary>3039, 400: the finetune lacks an asset (or its assets do not load).</summary>
    public static WorkersAiError AssetMissing { get; } = new(3039, 400, "invalid_request_error", "finetune_incomplete");

    /// <summary>404: no such finetune in the account.</summary>
    public static WorkersAiError NotFound { get; } = new(7003, 404, "invalid_request_error", "finetune_not_found");

    /// <summary>409: the name is taken, or the asset is already uploaded.</summary>
    public static WorkersAiError Conflict { get; } = new(3003, 409, "invalid_request_error", "finetune_conflict");

    /// <summary>400: a bad name, model, form or file.</summary>
    public static WorkersAiError Invalid { get; } = new(3003, 400, "invalid_request_error", "invalid_request");

    /// <summary>413: a file above the size limit.</summary>
    public static WorkersAiError TooLarge { get; } = new(3006, 413, "invalid_request_error", "file_too_large");

    /// <summary>429: the account holds as many finetunes as it may.</summary>
    public static WorkersAiError LimitReached { get; } = new(3003, 429, "rate_limit_error", "finetune_limit");

    public static ApiException Fail(WorkersAiError error, string message) => new(error, message);
}
