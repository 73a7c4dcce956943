using System.Text.Json;
using System.Text.Json.Serialization;
using Augur.Server.Json;

namespace Augur.Server.Batches;

/// <summary>OpenAI's file object (<c>/v1/files</c>); times in Unix seconds, <c>status</c> always <c>processed</c>.</summary>
public sealed record OpenAiFileObject(string Id, string Object, long Bytes, long CreatedAt, string Filename, string Purpose, string Status, string? StatusDetails);

/// <summary>A page of files.</summary>
public sealed record OpenAiFileList(string Object, IReadOnlyList<OpenAiFileObject> Data, string? FirstId, string? LastId, bool HasMore);

/// <summary>The answer to a file's deletion.</summary>
public sealed record OpenAiFileDeleted(string Id, string Object, bool Deleted);

/// <summary>OpenAI's batch object (<c>/v1/batches</c>); times in Unix seconds, null until they happen.</summary>
public sealed record OpenAiBatchObject(
    string Id,
    string Object,
    string Endpoint,
    OpenAiBatchErrors? Errors,
    string InputFileId,
    string CompletionWindow,
    string Status,
    string? OutputFileId,
    string? ErrorFileId,
    long CreatedAt,
    long? InProgressAt,
    long? ExpiresAt,
    long? FinalizingAt,
    long? CompletedAt,
    long? FailedAt,
    long? ExpiredAt,
    long? CancellingAt,
    long? CancelledAt,
    OpenAiRequestCounts RequestCounts,
    JsonElement? Metadata);

/// <summary>Why a batch failed validation: <c>{"object":"list","data":[…]}</c>.</summary>
public sealed record OpenAiBatchErrors(string Object, IReadOnlyList<OpenAiBatchError> Data);

/// <summary>One validation error of an input file; <paramref name="Line"/> counts from 1.</summary>
public sealed record OpenAiBatchError(string Code, string Message, string? Param, int? Line);

/// <summary>A batch's requests: all, those that succeeded, those that failed.</summary>
public sealed record OpenAiRequestCounts(int Total, int Completed, int Failed);

/// <summary>A page of batches.</summary>
public sealed record OpenAiBatchList(string Object, IReadOnlyList<OpenAiBatchObject> Data, string? FirstId, string? LastId, bool HasMore);

/// <summary>What an OpenAI batch keeps in the store with it (<see cref="Storage.NewBatch.Options"/>).</summary>
public sealed record OpenAiBatchOptions(string InputFileId, string Endpoint, string CompletionWindow, JsonElement? Metadata, OpenAiBatchErrors? Errors);

/// <summary>A line of an output or error file.</summary>
public sealed record OpenAiBatchOutputLine(string Id, string CustomId, OpenAiBatchLineResponse? Response, OpenAiBatchLineError? Error);

/// <summary>The HTTP answer a line got: its status and body, as the same request would have got interactively.</summary>
public sealed record OpenAiBatchLineResponse(int StatusCode, string RequestId, JsonElement Body);

/// <summary>Why a line got no answer at all (its batch was cancelled first).</summary>
public sealed record OpenAiBatchLineError(string Code, string Message);

/// <summary>How a failed OpenAI batch item is stored: the status and error body it answers with.</summary>
public sealed record OpenAiItemFailure(int StatusCode, OpenAiErrorBody Body);

/// <summary>Source-generated serialization of the OpenAI batch API's bodies: snake_case, nulls written as OpenAI does.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OpenAiFileObject))]
[JsonSerializable(typeof(OpenAiFileList))]
[JsonSerializable(typeof(OpenAiFileDeleted))]
[JsonSerializable(typeof(OpenAiBatchObject))]
[JsonSerializable(typeof(OpenAiBatchList))]
[JsonSerializable(typeof(OpenAiBatchOptions))]
[JsonSerializable(typeof(OpenAiBatchOutputLine))]
[JsonSerializable(typeof(OpenAiItemFailure))]
internal sealed partial class OpenAiBatchJsonContext : JsonSerializerContext;
