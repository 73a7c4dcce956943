using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Augur.Server.Json;

namespace Augur.Server.Batches;

/// <summary>Source-generated serialization of the batch answers, with the server's naming and escaping.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Envelope<BatchQueued>))]
[JsonSerializable(typeof(Envelope<BatchPending>))]
[JsonSerializable(typeof(Envelope<BatchResponses>))]
[JsonSerializable(typeof(List<EnvelopeError>))]
internal sealed partial class BatchJsonContext : JsonSerializerContext
{
    public static BatchJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
