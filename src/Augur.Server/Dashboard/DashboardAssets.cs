using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Dashboard;

/// <summary>
/// The dashboard's static files (its CSS, scripts and the vendored Chart.js), embedded in the assembly from
/// <c>Dashboard/wwwroot</c> and served at <c>/dashboard/assets/{name}</c>, cached for an hour.
/// </summary>
internal static class DashboardAssets
{
    public const string PathPrefix = "/dashboard/assets/";
    private const string ResourcePrefix = "Augur.Server.Dashboard.wwwroot.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".md"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    public static void MapDashboardAssets(this IEndpointRouteBuilder app) =>
        app.MapGet(PathPrefix + "{name}", (string name, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out byte[]? bytes) || !ContentTypes.TryGetValue(Path.GetExtension(name), out string? type))
                return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=3600";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(bytes, type);
        }).AllowAnonymous();

    private static FrozenDictionary<string, byte[]> Load()
    {
        Assembly assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
