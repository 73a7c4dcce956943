using System.Net;
using System.Text;

namespace Augur.Server.Apis.Tests;

/// <summary>Each documented Workers AI error, provoked on the real server.</summary>
public sealed class ErrorTests : IClassFixture<ServerFixture>
{
    private readonly AugurTestServer _server;

    public ErrorTests(ServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task Run_UnknownModel_Is5007()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath("@cf/meta/llama-9-900b"), AugurTestServer.Json("""{"prompt":"hi"}"""));

        string message = await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.BadRequest, 5007);
        Assert.Contains("@cf/meta/llama-9-900b", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MalformedJson_Is3003()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"hi" """));

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.BadRequest, 3003);
    }

    [Fact]
    public async Task Run_OutOfRangeTemperature_Is3003NamingTheField()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"hi","temperature":7}"""));

        string message = await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.BadRequest, 3003);
        Assert.Contains("/temperature", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BodyOverTheLimit_Is3006()
    {
        var body = new StringBuilder("{\"prompt\":\"");
        body.Append('a', 11 * 1024 * 1024).Append("\"}");
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(body.ToString()));

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, 3006);
    }

    [Fact]
    public async Task Run_PromptLongerThanTheContext_Is3006()
    {
        string prompt = string.Concat(Enumerable.Repeat("Once upon a time there was a dog. ", 200));
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json($$"""{"prompt":"{{prompt}}"}"""));

        string message = await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, 3006);
        Assert.Contains("512", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LoraOnAModelWithoutLora_Is5005()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"hi","lora":"cf-public-magicoder"}"""));

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.MethodNotAllowed, 5005);
    }

    [Fact]
    public async Task Run_TraversalInModelName_Is3042()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath("..%2F..%2Fetc%2Fpasswd"), AugurTestServer.Json("""{"prompt":"hi"}"""));

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.NotFound, 3042);
    }

    [Fact]
    public async Task Run_NulInModelName_IsRefusedByKestrelAndTheServerStaysUp()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync(AugurTestServer.RunPath("@local/stories260k%00"), AugurTestServer.Json("""{"prompt":"hi"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using HttpResponseMessage healthy = await _server.Client.GetAsync("v1/models");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task Run_NoToken_Is401With10000()
    {
        using HttpClient anonymous = _server.Authorized(null);
        using HttpResponseMessage response = await anonymous.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"hi"}"""));

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.Unauthorized, 10000);
    }

    [Fact]
    public async Task OpenAi_UnknownModel_Is404ModelNotFound()
    {
        using HttpResponseMessage response = await _server.Client.PostAsync("v1/chat/completions",
            AugurTestServer.Json("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal("model_not_found", await ResponseAssert.OpenAiErrorAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task OpenAi_NoToken_Is401()
    {
        using HttpClient anonymous = _server.Authorized(null);
        using HttpResponseMessage response = await anonymous.GetAsync("v1/models");

        Assert.Equal("invalid_api_key", await ResponseAssert.OpenAiErrorAsync(response, HttpStatusCode.Unauthorized));
    }
}

/// <summary>A server whose engine queue holds nothing: every generation is refused as over capacity.</summary>
public sealed class CapacityErrorTests
{
    [Fact]
    public async Task Run_EngineOverCapacity_Is3040WithRetryAfter()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync(s =>
        {
            s["Augur:MaxWaitingRequests"] = "0";
            s["Augur:RetryAfterSeconds"] = "3";
        });

        using HttpResponseMessage response = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"hi","stream":true}"""));

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.TooManyRequests, 3040);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
    }
}
