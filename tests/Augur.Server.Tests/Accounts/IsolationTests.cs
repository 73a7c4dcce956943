using System.Net;
using Augur.Server.Storage;

namespace Augur.Server.Accounts.Tests;

/// <summary>
/// A token of one account gets nothing of another, on every route that names an account: stored tokens and
/// configured ones alike, and the refusal is the same whether the other account exists or not.
/// </summary>
public sealed class IsolationTests : IClassFixture<ServerFixture>
{
    private readonly AugurTestServer _server;

    public IsolationTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string, string, string?> Routes => new()
    {
        { "POST", "ai/run/" + AugurTestServer.Model, """{"prompt":"Once","max_tokens":2}""" },
        { "GET", "ai/models/search", null },
        { "GET", "ai/models/schema?model=" + AugurTestServer.Model, null },
        { "POST", "ai/v1/chat/completions", $$"""{"model":"{{AugurTestServer.Model}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""" },
        { "GET", "ai/usage", null },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task StoredToken_OnAnotherAccount_Is403_RevealingNothing(string method, string route, string? body)
    {
        IssuedToken issued = await AccountAdministration.IssueTokenAsync(_server.Store, "tenant-" + Guid.NewGuid().ToString("N")[..8], "t", AccountPlans.Free, DateTimeOffset.UtcNow);
        string own = issued.Stored.AccountId;
        using HttpClient tenant = _server.Authorized(issued.Secret);

        using HttpResponseMessage ownAnswer = await SendAsync(tenant, method, own, route, body);
        using HttpResponseMessage configured = await SendAsync(tenant, method, AugurTestServer.Account, route, body);
        using HttpResponseMessage stored = await SendAsync(_server.Client, method, own, route, body); // and the other way round
        using HttpResponseMessage missing = await SendAsync(tenant, method, "no-such-account", route, body);

        Assert.Equal(HttpStatusCode.OK, ownAnswer.StatusCode);
        string expected = await ResponseAssert.EnvelopeErrorAsync(missing, HttpStatusCode.Forbidden, 10000);
        foreach (HttpResponseMessage refused in new[] { configured, stored })
        {
            Assert.Equal(expected, await ResponseAssert.EnvelopeErrorAsync(refused, HttpStatusCode.Forbidden, 10000));
            Assert.Equal(await missing.Content.ReadAsStringAsync(), await refused.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task StoredToken_WithAWrongSecretOrUnknownId_Is401()
    {
        IssuedToken issued = await AccountAdministration.IssueTokenAsync(_server.Store, "tenant-secret", "t", AccountPlans.Free, DateTimeOffset.UtcNow);
        string secret = issued.Secret;
        string[] forged =
        [
            secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), // last character changed
            "augur_0000000000000000" + secret["augur_0000000000000000".Length..], // another id, the same secret
            "augur_" + issued.Stored.Id, // the id alone
        ];

        foreach (string token in forged)
        {
            using HttpClient client = _server.Authorized(token);
            using HttpResponseMessage response = await client.GetAsync("client/v4/accounts/tenant-secret/ai/models/search");
            await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.Unauthorized, 10000);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string account, string route, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"client/v4/accounts/{account}/{route}");
        if (body is not null)
            request.Content = AugurTestServer.Json(body);
        return client.SendAsync(request);
    }
}
