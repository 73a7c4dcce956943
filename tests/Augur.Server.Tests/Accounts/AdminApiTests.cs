using System.Net;
using System.Text.Json;
using Augur.Server.Metering.Tests;
using Augur.Tests.Common;

namespace Augur.Server.Accounts.Tests;

/// <summary>The admin API on the real server: accounts and tokens made through it, then used; its own authentication.</summary>
public sealed class AdminApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TokenFromTheAdminApi_RunsOnItsAccount_UntilRevoked()
    {
        await using AugurTestServer server = await StartAsync();
        using HttpClient admin = server.Authorized(PricedServer.AdminToken);

        JsonElement account = await ResultAsync(await admin.PostAsync("admin/accounts", AugurTestServer.Json("""{"id":"acme","plan":"paid","daily_free_neurons":250}""")), HttpStatusCode.Created);
        JsonElement token = await ResultAsync(await admin.PostAsync("admin/tokens", AugurTestServer.Json("""{"account_id":"acme","name":"ci"}""")), HttpStatusCode.Created);
        string secret = token.GetProperty("token").GetString()!;
        string id = token.GetProperty("id").GetString()!;
        using HttpClient acme = server.Authorized(secret);
        using HttpResponseMessage served = await acme.PostAsync(AugurTestServer.RunPath(account: "acme"), AugurTestServer.Json("""{"prompt":"Once","max_tokens":2}"""));
        string listed = await (await admin.GetAsync("admin/tokens?account_id=acme")).Content.ReadAsStringAsync();
        JsonElement revoked = await ResultAsync(await admin.DeleteAsync($"admin/tokens/{id}"), HttpStatusCode.OK);
        using HttpResponseMessage afterRevoke = await acme.PostAsync(AugurTestServer.RunPath(account: "acme"), AugurTestServer.Json("""{"prompt":"Once","max_tokens":2}"""));

        Assert.Equal(("acme", "paid", 250.0), (account.GetProperty("id").GetString(), account.GetProperty("plan").GetString(), account.GetProperty("daily_free_neurons").GetDouble()));
        Assert.StartsWith("augur_" + id + "_", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[(7 + id.Length)..], listed, StringComparison.Ordinal); // the secret is shown once only
        Assert.DoesNotContain("\"token\"", listed, StringComparison.Ordinal);
        Assert.Equal(Now, revoked.GetProperty("revoked_at").GetDateTimeOffset());
        await ResponseAssert.EnvelopeErrorAsync(afterRevoke, HttpStatusCode.Unauthorized, 10000);
        await ResponseAssert.EnvelopeErrorAsync(await admin.DeleteAsync($"admin/tokens/{id}"), HttpStatusCode.NotFound, 7003);
    }

    [Fact]
    public async Task Accounts_CreateListGetPatch_AndTheirErrors()
    {
        await using AugurTestServer server = await StartAsync();
        using HttpClient admin = server.Authorized(PricedServer.AdminToken);

        await ResultAsync(await admin.PostAsync("admin/accounts", AugurTestServer.Json("""{"id":"zeta"}""")), HttpStatusCode.Created);
        JsonElement patched = await ResultAsync(await admin.PatchAsync("admin/accounts/zeta", AugurTestServer.Json("""{"plan":"paid"}""")), HttpStatusCode.OK);
        JsonElement got = await ResultAsync(await admin.GetAsync("admin/accounts/zeta"), HttpStatusCode.OK);
        JsonElement list = await ResultAsync(await admin.GetAsync("admin/accounts"), HttpStatusCode.OK);

        Assert.Equal("paid", patched.GetProperty("plan").GetString());
        Assert.Equal("paid", got.GetProperty("plan").GetString());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("daily_free_neurons").ValueKind);
        Assert.Equal(["zeta"], list.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        await ResponseAssert.EnvelopeErrorAsync(await admin.PostAsync("admin/accounts", AugurTestServer.Json("""{"id":"zeta"}""")), HttpStatusCode.Conflict, 7004);
        await ResponseAssert.EnvelopeErrorAsync(await admin.GetAsync("admin/accounts/nobody"), HttpStatusCode.NotFound, 7003);
        await ResponseAssert.EnvelopeErrorAsync(await admin.PostAsync("admin/accounts", AugurTestServer.Json("""{"id":"../etc"}""")), HttpStatusCode.BadRequest, 3003);
        await ResponseAssert.EnvelopeErrorAsync(await admin.PostAsync("admin/accounts", AugurTestServer.Json("""{"id":"ok","plan":"gold"}""")), HttpStatusCode.BadRequest, 3003);
        await ResponseAssert.EnvelopeErrorAsync(await admin.PostAsync("admin/accounts", AugurTestServer.Json("""{"id":"ok","daily_free_neurons":-1}""")), HttpStatusCode.BadRequest, 3003);
        await ResponseAssert.EnvelopeErrorAsync(await admin.PostAsync("admin/tokens", AugurTestServer.Json("""{"name":"x"}""")), HttpStatusCode.BadRequest, 3003);
        await ResponseAssert.EnvelopeErrorAsync(await admin.PostAsync("admin/tokens", AugurTestServer.Json("not json")), HttpStatusCode.BadRequest, 3003);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("admin-token-0123456789abcdeX")]
    [InlineData(AugurTestServer.Token)] // an account's token is not the admin's
    public async Task AdminApi_WithoutTheAdminToken_Is401(string? token)
    {
        await using AugurTestServer server = await StartAsync();
        using HttpClient client = server.Authorized(token);

        await ResponseAssert.EnvelopeErrorAsync(await client.GetAsync("admin/accounts"), HttpStatusCode.Unauthorized, 10000);
        await ResponseAssert.EnvelopeErrorAsync(await client.PostAsync("admin/tokens", AugurTestServer.Json("""{"account_id":"x"}""")), HttpStatusCode.Unauthorized, 10000);
    }

    [Fact]
    public async Task AdminApi_WithNoAdminTokenConfigured_RefusesEveryone()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        using HttpClient client = server.Authorized("");

        await ResponseAssert.EnvelopeErrorAsync(await client.GetAsync("admin/accounts"), HttpStatusCode.Unauthorized, 10000);
    }

    [Fact]
    public async Task Server_WithOnlyTheAdminToken_Starts_AndStoredTokensSurviveARestart()
    {
        using var data = new TempDirectory();
        string secret;
        await using (AugurTestServer first = await AugurTestServer.StartAsync(s => OnlyAdmin(s, data.Path)))
        {
            using HttpClient admin = first.Authorized(PricedServer.AdminToken);
            secret = (await ResultAsync(await admin.PostAsync("admin/tokens", AugurTestServer.Json("""{"account_id":"later"}""")), HttpStatusCode.Created)).GetProperty("token").GetString()!;
        }

        // No configured token and no admin token: the stored one is enough to start, and it still works.
        await using AugurTestServer second = await AugurTestServer.StartAsync(s =>
        {
            OnlyAdmin(s, data.Path);
            s.Remove("Augur:AdminToken");
        });
        using HttpClient later = second.Authorized(secret);
        using HttpResponseMessage response = await later.GetAsync("client/v4/accounts/later/ai/models/search");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void OnlyAdmin(Dictionary<string, string?> settings, string dataDirectory)
    {
        foreach (string key in settings.Keys.Where(k => k.StartsWith("Augur:Tokens", StringComparison.Ordinal)).ToList())
            settings.Remove(key);
        settings["Augur:AdminToken"] = PricedServer.AdminToken;
        settings["Augur:DataDirectory"] = dataDirectory;
    }

    private static Task<AugurTestServer> StartAsync() =>
        AugurTestServer.StartAsync(s => s["Augur:AdminToken"] = PricedServer.AdminToken, new ManualClock(Now));

    private static async Task<JsonElement> ResultAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            JsonElement root = JsonDocument.Parse(text).RootElement;
            Assert.True(root.GetProperty("success").GetBoolean());
            return root.GetProperty("result").Clone();
        }
    }
}
