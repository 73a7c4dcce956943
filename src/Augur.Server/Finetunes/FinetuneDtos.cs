using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Augur.Server.Json;

namespace Augur.Server.Finetunes;

/// <summary>A finetune as Workers AI shows it.</summary>
internal sealed record FinetuneDto(string Id, string Name, string Model, string? Description, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, bool Public);

/// <summary>An uploaded asset, as Workers AI shows it.</summary>
internal sealed record FinetuneAssetDto(string Id, string FinetuneId, string FileName, string BucketName, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Envelope<FinetuneDto>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<FinetuneDto>>))]
[JsonSerializable(typeof(Envelope<FinetuneAssetDto>))]
[JsonSerializable(typeof(Envelope<object>))]
internal sealed partial class FinetunesJsonContext : JsonSerializerContext
{
    public static FinetunesJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
