using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Engine.Sampling;
using Augur.Models.Tokenizers;
using Augur.Tests.Common;

namespace Augur.Server.Apis.Tests;

public sealed class RunApiTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Run_Prompt_AnswersInTheV4Envelope()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();

        using HttpResponseMessage response = await server.Client.PostAsync(AugurTestServer.RunPath(),
            AugurTestServer.Json("""{"prompt":"Once upon a time","max_tokens":12,"temperature":0}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        Assert.Equal(["result", "success", "errors", "messages"], root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("success").GetBoolean());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.Equal(0, root.GetProperty("messages").GetArrayLength());
        JsonElement result = root.GetProperty("result");
        Assert.Equal(["response", "usage"], result.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrEmpty(result.GetProperty("response").GetString()));
        JsonElement usage = result.GetProperty("usage");
        Assert.Equal(["prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details"], usage.EnumerateObject().Select(p => p.Name));
        int prompt = usage.GetProperty("prompt_tokens").GetInt32();
        Assert.InRange(prompt, 2, 20);
        Assert.Equal(12, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(prompt + 12, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task Run_PercentEncodedModelName_AnswersLikeTheRawName()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        const string body = """{"prompt":"Once upon a time","max_tokens":10,"temperature":0}""";

        string raw = await ResponseOf(await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(body)));
        string encoded = await ResponseOf(await server.Client.PostAsync(AugurTestServer.RunPath("%40local%2Fstories260k"), AugurTestServer.Json(body)));

        Assert.Equal(raw, encoded);
    }

    [Fact]
    public async Task Run_RepeatedPrompt_ReportsCachedTokens()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        string prompt = string.Concat(Enumerable.Repeat("Lily and Tom went to the park to play with a big red ball. ", 4));
        string body = JsonSerializer.Serialize(new { prompt, max_tokens = 4, temperature = 0 });

        int first = await CachedTokens(await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(body)));
        int second = await CachedTokens(await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(body)));

        Assert.Equal(0, first);
        Assert.True(second >= 16, $"the second request reused {second} cached prompt tokens");
    }

    [Fact]
    public async Task Run_Messages_GeneratesFromTheConversation()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();

        using HttpResponseMessage response = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(
            """{"messages":[{"role":"system","content":"Tell a story."},{"role":"user","content":[{"type":"text","text":"Once upon a time"}]}],"max_tokens":8,"raw":"false"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(8, json.RootElement.GetProperty("result").GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    /// <summary>
    /// The stream, byte for byte up to <c>[DONE]</c>, against the same greedy generation run on the engine alone; the
    /// random padding is checked for its shape. The text is also checked against llama2.c's own output for this prompt.
    /// </summary>
    [Fact]
    public async Task Run_StreamGreedy_TranscriptIsExact()
    {
        const int maxTokens = 24;
        (List<string> deltas, int promptTokens, int completionTokens) = await ReferenceGenerationAsync("Zoo", maxTokens);
        string expectedText = (await File.ReadAllTextAsync(TestModels.Stories260KExpected("greedy_prompt-Zoo_n60.txt")))["Zoo".Length..];
        Assert.StartsWith(string.Concat(deltas), expectedText, StringComparison.Ordinal);

        await using AugurTestServer server = await AugurTestServer.StartAsync();
        using HttpResponseMessage response = await server.Client.PostAsync(AugurTestServer.RunPath(),
            AugurTestServer.Json($$"""{"prompt":"Zoo","stream":true,"max_tokens":{{maxTokens}},"temperature":0,"seed":42}"""));
        string transcript = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var pattern = new StringBuilder("^");
        foreach (string delta in deltas)
            pattern.Append(Regex.Escape($"data: {{\"response\":{JsonSerializer.Serialize(delta, Relaxed)},\"p\":\"")).Append("[A-Za-z0-9]{1,48}").Append(Regex.Escape("\"}\n\n"));
        pattern.Append(Regex.Escape($"data: {{\"response\":\"\",\"usage\":{{\"prompt_tokens\":{promptTokens},\"completion_tokens\":{completionTokens},\"total_tokens\":{promptTokens + completionTokens},\"prompt_tokens_details\":{{\"cached_tokens\":0}}}}}}\n\n"));
        pattern.Append(Regex.Escape("data: [DONE]\n\n")).Append('$');
        Assert.Matches(new Regex(pattern.ToString()), transcript);
    }

    [Fact]
    public async Task Run_StreamPadding_IsRandom()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        const string body = """{"prompt":"Zoo","stream":true,"max_tokens":16,"temperature":0}""";

        string first = await (await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(body))).Content.ReadAsStringAsync();
        string second = await (await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(body))).Content.ReadAsStringAsync();

        static string Strip(string t) => Regex.Replace(t, ",\"p\":\"[A-Za-z0-9]+\"", "");
        static string Paddings(string t) => string.Join(',', Regex.Matches(t, "\"p\":\"([A-Za-z0-9]+)\"").Select(m => m.Groups[1].Value));
        Assert.Equal(Strip(first).Replace("\"cached_tokens\":0", "", StringComparison.Ordinal), Regex.Replace(Strip(second), "\"cached_tokens\":\\d+", ""));
        Assert.NotEqual(Paddings(first), Paddings(second));
    }

    [Fact]
    public async Task Run_ClientDisconnects_GenerationIsCancelled()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        AugurEngine engine = server.Models.Engine(server.Models.Catalog.Entries.Single());

        // A client that closes the connection when the response is disposed unread: by default HttpClient would drain
        // up to 1 MB of it to reuse the connection, and the server would never see the client leave.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AugurTestServer.Token);
        using (var request = new HttpRequestMessage(HttpMethod.Post, AugurTestServer.RunPath())
        {
            Content = AugurTestServer.Json("""{"prompt":"Once upon a time","stream":true,"max_tokens":500,"temperature":1,"seed":7}"""),
        })
        using (HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: {\"response\":", await reader.ReadLineAsync());
        } // disposing the response closes the connection

        EngineStatistics statistics = engine.Statistics;
        for (int i = 0; i < 100 && (statistics.RunningSequences + statistics.WaitingSequences > 0 || statistics.KvBlocksUsed > 0); i++)
        {
            await Task.Delay(50);
            statistics = engine.Statistics;
        }
        Assert.Equal(0, statistics.RunningSequences);
        Assert.Equal(0, statistics.KvBlocksUsed);
        Assert.True(statistics.DecodeTokens < 400, $"{statistics.DecodeTokens} tokens were decoded after the client left");
    }

    private static async Task<string> ResponseOf(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("result").GetProperty("response").GetString()!;
        }
    }

    private static async Task<int> CachedTokens(HttpResponseMessage response)
    {
        using (response)
        {
            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("result").GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32();
        }
    }

    /// <summary>The same request on the engine alone, without the server: its text deltas and token counts.</summary>
    private static async Task<(List<string> Deltas, int PromptTokens, int CompletionTokens)> ReferenceGenerationAsync(string prompt, int maxTokens)
    {
        var model = new EngineModel("reference", TestModels.Stories260KBin) { TokenizerPath = TestModels.Tok512Bin };
        using EngineGroup group = EngineGroup.Load([model], 32L << 20, threads: 1);
        group.Start();
        AugurEngine engine = group["reference"];
        int[] tokens = engine.Tokenizer.Encode(prompt, new EncodeSettings { AddBos = engine.Tokenizer.Vocabulary.AddBos });
        var deltas = new List<string>();
        await foreach (GenerationEvent e in engine.Submit(new GenerationRequest { PromptTokens = tokens, MaxTokens = maxTokens, Sampling = SamplingOptions.Greedy }))
        {
            if (e is GenerationDelta { Text.Length: > 0 } delta)
                deltas.Add(delta.Text);
            else if (e is GenerationCompleted completed)
                return (deltas, completed.Usage.PromptTokens, completed.Usage.CompletionTokens);
        }
        throw new InvalidOperationException("The reference generation did not complete.");
    }
}
