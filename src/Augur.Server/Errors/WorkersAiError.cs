namespace Augur.Server.Errors;

/// <summary>A documented Workers AI error: its internal code, its HTTP status, and the OpenAI-style type and code it maps to.</summary>
public sealed record WorkersAiError(int Code, int Status, string OpenAiType, string OpenAiCode)
{
    /// <summary>5007, 400: no such model (404 on the plain OpenAI routes).</summary>
    public static WorkersAiError NoSuchModel { get; } = new(5007, 400, "invalid_request_error", "model_not_found");

    /// <summary>3042, 404: a model name that cannot be one (a path, control characters…).</summary>
    public static WorkersAiError InvalidModelName { get; } = new(3042, 404, "invalid_request_error", "model_not_found");

    /// <summary>3003, 400: the body is missing, malformed or fails the model's input schema.</summary>
    public static WorkersAiError IncompleteRequest { get; } = new(3003, 400, "invalid_request_error", "invalid_request");

    /// <summary>3006, 413: the body is over the limit, or the prompt (with the answer asked for) is over the context window.</summary>
    public static WorkersAiError TooLarge { get; } = new(3006, 413, "invalid_request_error", "context_length_exceeded");

    /// <summary>3007, 408: the generation ran past the server's request timeout (<c>Augur:RequestTimeoutSeconds</c>).</summary>
    public static WorkersAiError Timeout { get; } = new(3007, 408, "timeout_error", "request_timeout");

    /// <summary>3040, 429: every engine slot is taken; retry after <c>Retry-After</c> seconds.</summary>
    public static WorkersAiError OutOfCapacity { get; } = new(3040, 429, "rate_limit_error", "out_of_capacity");

    /// <summary>5005, 405: a <c>lora</c> was given to a model without LoRA support.</summary>
    public static WorkersAiError LoraUnsupported { get; } = new(5005, 405, "invalid_request_error", "lora_unsupported");

    /// <summary>10000, 401: no credentials, or credentials that authenticate no one.</summary>
    public static WorkersAiError Unauthenticated { get; } = new(10000, 401, "invalid_request_error", "invalid_api_key");

    /// <summary>10000, 403: a valid token used on another account; says nothing about whether that account exists.</summary>
    public static WorkersAiError Forbidden { get; } = new(10000, 403, "invalid_request_error", "invalid_api_key");

    /// <summary>3000, 500: the engine failed.</summary>
    public static WorkersAiError Internal { get; } = new(3000, 500, "server_error", "internal_error");
}
