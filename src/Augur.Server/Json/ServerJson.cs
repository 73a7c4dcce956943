using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Server.Json;

/// <summary>
/// The serializer every body goes through: the source-generated <see cref="ServerJsonContext"/> with relaxed escaping,
/// so text reaches clients as written (<c>'</c>, <c>"</c> and non-ASCII are not turned into <c>\uXXXX</c>), as Workers AI sends it.
/// </summary>
internal static class ServerJson
{
    public static ServerJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
