using System.Text.Json.Serialization;

namespace Augur.Server.Json;

/// <summary>Source-generated serialization for every body the server writes: snake_case names, nulls left out unless a property says otherwise.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Envelope<RunResult>))]
[JsonSerializable(typeof(Envelope<ModelSchemaResult>))]
[JsonSerializable(typeof(Envelope<object>))]
[JsonSerializable(typeof(Envelope<ChatCompletion>))]
[JsonSerializable(typeof(PagedEnvelope<ModelSearchItem>))]
[JsonSerializable(typeof(RunStreamDelta))]
[JsonSerializable(typeof(RunStreamUsage))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatChunk))]
[JsonSerializable(typeof(TextCompletion))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(OpenAiErrorBody))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
