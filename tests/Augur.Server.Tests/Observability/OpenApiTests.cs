using System.Text.Json;

namespace Augur.Server.Observability.Tests;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and its browsable reference at <c>/docs</c>.</summary>
public sealed class OpenApiTests : IClassFixture<ServerFixture>
{
    private readonly AugurTestServer _server;

    public OpenApiTests(ServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task OpenApiDocument_ParsesAndListsTheRoutes()
    {
        using var anonymous = _server.Authorized(null);
        using HttpResponseMessage response = await anonymous.GetAsync("openapi/v1.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = document.RootElement;

        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        JsonElement paths = root.GetProperty("paths");
        JsonElement run = paths.GetProperty("/client/v4/accounts/{account_id}/ai/run/{model}").GetProperty("post");
        Assert.Contains(run.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "account_id" && p.GetProperty("in").GetString() == "path");
        // The run body's schema is the one the server validates with: the Prompt and Messages forms.
        JsonElement runSchema = run.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal(["Prompt", "Messages"], runSchema.GetProperty("oneOf").EnumerateArray().Select(s => s.GetProperty("title").GetString()));

        JsonElement chat = paths.GetProperty("/v1/chat/completions").GetProperty("post");
        Assert.Contains("messages", chat.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.True(paths.GetProperty("/client/v4/accounts/{account_id}/ai/v1/chat/completions").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/client/v4/accounts/{account_id}/ai/models/search").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/models").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/completions").TryGetProperty("post", out _));
        Assert.False(paths.TryGetProperty("/metrics", out _));

        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Docs_ServesTheReferencePageAndItsScriptLocally()
    {
        using var anonymous = _server.Authorized(null);
        using HttpResponseMessage page = await anonymous.GetAsync("docs");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        // The UI's script comes from the server itself (no CDN): find it in the page and fetch it.
        string script = System.Text.RegularExpressions.Regex.Match(html, """<script[^>]+src="(?<src>[^"]+)""").Groups["src"].Value;
        Assert.False(string.IsNullOrEmpty(script), html);
        Assert.DoesNotContain("://", script, StringComparison.Ordinal);
        using HttpResponseMessage js = await anonymous.GetAsync(new Uri(new Uri(_server.BaseAddress, "docs/"), script));
        Assert.Equal(System.Net.HttpStatusCode.OK, js.StatusCode);
        Assert.True((await js.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }
}
