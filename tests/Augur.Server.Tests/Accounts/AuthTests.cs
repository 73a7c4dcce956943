using System.Net;

namespace Augur.Server.Accounts.Tests;

/// <summary>Token authentication and account isolation on the real server.</summary>
public sealed class AuthTests : IClassFixture<ServerFixture>
{
    private readonly AugurTestServer _server;

    public AuthTests(ServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task LegacyKeyAndEmail_Authenticate()
    {
        using HttpClient client = _server.Authorized(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"client/v4/accounts/{AugurTestServer.Account}/ai/models/search");
        request.Headers.Add("X-Auth-Key", AugurTestServer.Token);
        request.Headers.Add("X-Auth-Email", AugurTestServer.Email);

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task LegacyKeyWithTheWrongEmail_Is401()
    {
        using HttpClient client = _server.Authorized(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"client/v4/accounts/{AugurTestServer.Account}/ai/models/search");
        request.Headers.Add("X-Auth-Key", AugurTestServer.Token);
        request.Headers.Add("X-Auth-Email", "mallory@example.com");

        using HttpResponseMessage response = await client.SendAsync(request);

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.Unauthorized, 10000);
    }

    [Fact]
    public async Task TokenStoredAsHash_AuthenticatesItsAccountOnly()
    {
        using HttpClient b = _server.Authorized(AugurTestServer.OtherToken);

        using HttpResponseMessage own = await b.GetAsync($"client/v4/accounts/{AugurTestServer.OtherAccount}/ai/models/search");
        using HttpResponseMessage other = await b.GetAsync($"client/v4/accounts/{AugurTestServer.Account}/ai/models/search");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await ResponseAssert.EnvelopeErrorAsync(other, HttpStatusCode.Forbidden, 10000);
    }

    /// <summary>Another tenant's account and an account that does not exist get byte-identical answers.</summary>
    [Fact]
    public async Task ForeignAccount_AnswerRevealsNothingAboutItsExistence()
    {
        using HttpResponseMessage existing = await _server.Client.PostAsync(AugurTestServer.RunPath(account: AugurTestServer.OtherAccount), AugurTestServer.Json("""{"prompt":"hi"}"""));
        using HttpResponseMessage missing = await _server.Client.PostAsync(AugurTestServer.RunPath(account: "no-such-account"), AugurTestServer.Json("""{"prompt":"hi"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, existing.StatusCode);
        Assert.Equal(existing.StatusCode, missing.StatusCode);
        Assert.Equal(await existing.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer token-of-account-a-012345678")] // one character short
    public async Task BadAuthorization_Is401(string header)
    {
        using HttpClient client = _server.Authorized(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, AugurTestServer.RunPath()) { Content = AugurTestServer.Json("""{"prompt":"hi"}""") };
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using HttpResponseMessage response = await client.SendAsync(request);

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.Unauthorized, 10000);
    }

    [Fact]
    public async Task DevNoAuth_OnLoopback_ServesAnyAccountWithoutToken()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync(s =>
        {
            s["Augur:DevNoAuth"] = "true";
        });
        using HttpClient anonymous = server.Authorized(null);

        using HttpResponseMessage response = await anonymous.PostAsync(AugurTestServer.RunPath(account: "anything"), AugurTestServer.Json("""{"prompt":"Once","max_tokens":2}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
