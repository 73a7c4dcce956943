using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Augur.Server.Json;
using Augur.Server.Metering;

namespace Augur.Server.Accounts;

/// <summary>Source-generated serialization of the admin and usage answers, with the server's naming and escaping.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Envelope<UsageReport>))]
[JsonSerializable(typeof(Envelope<AdminAccount>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<AdminAccount>>))]
[JsonSerializable(typeof(Envelope<AdminToken>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<AdminToken>>))]
internal sealed partial class AccountsJsonContext : JsonSerializerContext
{
    public static AccountsJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
