using System.Net;
using System.Text;
using System.Text.Json;

namespace Augur.Server.Apis.Tests;

/// <summary>
/// Malformed and hostile requests, each answered with its documented error while the server stays healthy (a normal
/// request right after still succeeds).
/// </summary>
public sealed class MalformedInputTests : IClassFixture<ServerFixture>
{
    private const string Run = "run";
    private const string Chat = "v1/chat/completions";

    private readonly AugurTestServer _server;

    public MalformedInputTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string> Cases => new(Table.Keys);

    private static readonly Dictionary<string, Case> Table = new()
    {
        // :: Not JSON, or not an object.
        ["empty body"] = new(Run, "", 400, 3003),
        ["null"] = new(Run, "null", 400, 3003),
        ["array"] = new(Run, "[]", 400, 3003),
        ["bare string"] = new(Run, "\"prompt\"", 400, 3003),
        ["truncated object"] = new(Run, "{", 400, 3003),
        ["missing value"] = new(Run, """{"prompt":}""", 400, 3003),
        ["trailing garbage"] = new(Run, """{"prompt":"hi"} x""", 400, 3003),
        ["NaN literal"] = new(Run, """{"prompt":"hi","temperature":NaN}""", 400, 3003),
        ["single quotes"] = new(Run, "{'prompt':'hi'}", 400, 3003),
        ["nested 200 deep"] = new(Run, "{\"prompt\":\"hi\",\"x\":" + new string('[', 200) + new string(']', 200) + "}", 400, 3003),
        ["invalid UTF-8"] = new(Run, null, 400, 3003, [.. "{\"prompt\":\""u8, 0xFF, 0xFE, 0xC3, .. "\"}"u8]),
        ["lone surrogate escape"] = new(Run, """{"prompt":"\ud800"}""", 400, 3003),
        // :: Prompt and messages.
        ["neither prompt nor messages"] = new(Run, "{}", 400, 3003),
        ["prompt and messages"] = new(Run, """{"prompt":"hi","messages":[{"role":"user","content":"hi"}]}""", 400, 3003),
        ["empty prompt"] = new(Run, """{"prompt":""}""", 400, 3003),
        ["number prompt"] = new(Run, """{"prompt":42}""", 400, 3003),
        ["null prompt"] = new(Run, """{"prompt":null}""", 400, 3003),
        ["array prompt"] = new(Run, """{"prompt":["hi"]}""", 400, 3003),
        ["string messages"] = new(Run, """{"messages":"hi"}""", 400, 3003),
        ["no messages"] = new(Run, """{"messages":[]}""", 400, 3003),
        ["message without content"] = new(Run, """{"messages":[{"role":"user"}]}""", 400, 3003),
        ["unknown role"] = new(Run, """{"messages":[{"role":"wizard","content":"hi"}]}""", 400, 3003),
        ["number content"] = new(Run, """{"messages":[{"role":"user","content":42}]}""", 400, 3003),
        ["image content part"] = new(Run, """{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:,"}}]}]}""", 400, 3003),
        // :: Wrong types and out-of-range numbers.
        ["string stream"] = new(Run, """{"prompt":"hi","stream":"yes"}""", 400, 3003),
        ["raw maybe"] = new(Run, """{"prompt":"hi","raw":"maybe"}""", 400, 3003),
        ["string max_tokens"] = new(Run, """{"prompt":"hi","max_tokens":"10"}""", 400, 3003),
        ["zero max_tokens"] = new(Run, """{"prompt":"hi","max_tokens":0}""", 400, 3003),
        ["negative max_tokens"] = new(Run, """{"prompt":"hi","max_tokens":-5}""", 400, 3003),
        ["fractional max_tokens"] = new(Run, """{"prompt":"hi","max_tokens":1.5}""", 400, 3003),
        ["negative temperature"] = new(Run, """{"prompt":"hi","temperature":-1}""", 400, 3003),
        ["string temperature"] = new(Run, """{"prompt":"hi","temperature":"hot"}""", 400, 3003),
        ["top_p zero"] = new(Run, """{"prompt":"hi","top_p":0}""", 400, 3003),
        ["top_p above 1"] = new(Run, """{"prompt":"hi","top_p":1.5}""", 400, 3003),
        ["top_k zero"] = new(Run, """{"prompt":"hi","top_k":0}""", 400, 3003),
        ["top_k 51"] = new(Run, """{"prompt":"hi","top_k":51}""", 400, 3003),
        ["seed zero"] = new(Run, """{"prompt":"hi","seed":0}""", 400, 3003),
        ["seed too big"] = new(Run, """{"prompt":"hi","seed":100000000000}""", 400, 3003),
        ["repetition_penalty 3"] = new(Run, """{"prompt":"hi","repetition_penalty":3}""", 400, 3003),
        ["frequency_penalty -3"] = new(Run, """{"prompt":"hi","frequency_penalty":-3}""", 400, 3003),
        ["presence_penalty 2.5"] = new(Run, """{"prompt":"hi","presence_penalty":2.5}""", 400, 3003),
        // :: Too large.
        ["huge max_tokens"] = new(Run, """{"prompt":"hi","max_tokens":1e30}""", 413, 3006),
        ["max_tokens past the context"] = new(Run, """{"prompt":"hi","max_tokens":100000}""", 413, 3006),
        ["prompt longer than the context"] = new(Run, JsonSerializer.Serialize(new { prompt = string.Concat(Enumerable.Repeat("The cat sat on the mat. ", 300)) }), 413, 3006),
        ["11 MB body"] = new(Run, "{\"prompt\":\"" + new string('a', 11 * 1024 * 1024) + "\"}", 413, 3006),
        // :: Hostile model names and accounts.
        ["traversal in model name"] = new("run/..%2F..%2Fetc%2Fpasswd", """{"prompt":"hi"}""", 404, 3042),
        ["traversal under @local"] = new("run/@local/..%2F..%2Fstories260K.bin", """{"prompt":"hi"}""", 404, 3042),
        ["control character in model name"] = new("run/@local/stories260k%01", """{"prompt":"hi"}""", 404, 3042),
        ["CRLF header injection in model name"] = new("run/@local/x%0D%0AX-Injected:%20yes", """{"prompt":"hi"}""", 404, 3042),
        ["absolute file path as model"] = new("run/%2Fwork%2Fshared%2Fmodels%2Fstories260K%2Fstories260K.bin", """{"prompt":"hi"}""", 404, 3042),
        ["unknown model"] = new("run/@cf/meta/llama-3.3-70b-instruct-fp8-fast", """{"prompt":"hi"}""", 400, 5007),
        ["unknown account"] = new("run/@local/stories260k", """{"prompt":"hi"}""", 403, 10000, Account: "no-such-account"),
        ["other account"] = new("run/@local/stories260k", """{"prompt":"hi"}""", 403, 10000, Account: AugurTestServer.OtherAccount),
        // :: The OpenAI-compatible route under Workers AI (envelope errors).
        ["chat without messages"] = new(Chat, """{"model":"@local/stories260k"}""", 400, 3003),
        ["chat without model"] = new(Chat, """{"messages":[{"role":"user","content":"hi"}]}""", 400, 3003),
        ["chat n=2"] = new(Chat, """{"model":"@local/stories260k","n":2,"messages":[{"role":"user","content":"hi"}]}""", 400, 3003),
        ["chat stop list too long"] = new(Chat, """{"model":"@local/stories260k","stop":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"],"messages":[{"role":"user","content":"hi"}]}""", 400, 3003),
        ["chat unknown model"] = new(Chat, """{"model":"@cf/none/none","messages":[{"role":"user","content":"hi"}]}""", 400, 5007),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_Malformed_IsAnsweredWithItsErrorAndTheServerStaysHealthy(string name)
    {
        Case c = Table[name];
        string path = $"client/v4/accounts/{c.Account ?? AugurTestServer.Account}/ai/{(c.Path == Run ? "run/" + AugurTestServer.Model : c.Path)}";
        using var content = new ByteArrayContent(c.Bytes ?? Encoding.UTF8.GetBytes(c.Body!));
        content.Headers.ContentType = new("application/json");

        using HttpResponseMessage response = await _server.Client.PostAsync(path, content);

        await ResponseAssert.EnvelopeErrorAsync(response, (HttpStatusCode)c.Status, c.Code);
        Assert.False(response.Headers.Contains("X-Injected"));
        using HttpResponseMessage healthy = await _server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"Once","max_tokens":2}"""));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public void Table_HasAtLeastFortyCases() => Assert.True(Table.Count >= 40, $"{Table.Count} cases");

    private sealed record Case(string Path, string? Body, int Status, int Code, byte[]? Bytes = null, string? Account = null);
}
