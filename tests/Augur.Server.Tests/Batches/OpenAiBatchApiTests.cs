using System.ClientModel;
using System.Net;
using System.Text.Json;
using Augur.Server.Storage;
using OpenAI;
using OpenAI.Files;
using static Augur.Server.Batches.Tests.OpenAiBatchClient;

namespace Augur.Server.Batches.Tests;

/// <summary>OpenAI's <c>/v1/files</c> and <c>/v1/batches</c> on the real server and engine (stories260K), driven by the official SDK.</summary>
public sealed class OpenAiBatchApiTests
{
    private static readonly string[] Prompts = ["Once upon a time", "The cat", "Lily wanted", "Tom and Sue"];

    [Fact]
    public async Task ChatBatch_OutputEqualsTheSameRequestsSentInteractively_ABadLineFailsAlone_AndItemsAreMetered()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        OpenAIClient sdk = SdkClient(server);
        string[] bodies = Prompts.Select((p, i) => $$"""{"messages":[{"role":"user","content":"{{p}}"}],"max_tokens":{{6 + (i * 4)}},"temperature":0}""").ToArray();
        List<string> lines = bodies.Select((b, i) => Line($"req-{i}", b)).ToList();
        lines.Insert(2, Line("bad", """{"messages":"not a list"}"""));

        OpenAIFile input = await UploadAsync(sdk, lines);
        Assert.Equal(FilePurpose.Batch, input.Purpose);
        (var operation, JsonElement created) = await CreateAsync(sdk, input.Id, metadata: """{"job":"nightly"}""");
        Assert.Equal(("batch", input.Id, "/v1/chat/completions", "24h"), (created.GetProperty("object").GetString(),
            created.GetProperty("input_file_id").GetString(), created.GetProperty("endpoint").GetString(), created.GetProperty("completion_window").GetString()));
        Assert.Contains(created.GetProperty("status").GetString(), new[] { "in_progress", "completed" });
        JsonElement batch = await WaitAsync(operation);

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal("nightly", batch.GetProperty("metadata").GetProperty("job").GetString());
        JsonElement counts = batch.GetProperty("request_counts");
        Assert.Equal((5, 4, 1), (counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32()));
        Dictionary<string, JsonElement> output = await DownloadAsync(sdk, batch.GetProperty("output_file_id").GetString()!);
        Dictionary<string, JsonElement> errors = await DownloadAsync(sdk, batch.GetProperty("error_file_id").GetString()!);
        Assert.Equal(["req-0", "req-1", "req-2", "req-3"], output.Keys.Order());
        JsonElement bad = Assert.Single(errors).Value;
        Assert.Equal(("bad", 400, "invalid_request_error"), (bad.GetProperty("custom_id").GetString(), bad.GetProperty("response").GetProperty("status_code").GetInt32(),
            bad.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("type").GetString()));

        for (int i = 0; i < bodies.Length; i++)
        {
            using HttpResponseMessage single = await server.Client.PostAsync("v1/chat/completions", AugurTestServer.Json($$"""{"model":"{{AugurTestServer.Model}}",{{bodies[i][1..]}}"""));
            JsonElement expected = Parse(BinaryData.FromString(await single.Content.ReadAsStringAsync()));
            JsonElement line = output[$"req-{i}"];
            Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
            Assert.Equal(200, line.GetProperty("response").GetProperty("status_code").GetInt32());
            JsonElement body = line.GetProperty("response").GetProperty("body");
            Assert.Equal("chat.completion", body.GetProperty("object").GetString());
            Assert.Equal(Choice(expected), Choice(body));
            Assert.Equal(expected.GetProperty("usage").GetRawText(), body.GetProperty("usage").GetRawText());
        }
        // Each answered line is metered like the interactive request beside it; the bad line is not.
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        UsageTotals metered = Assert.Single(await server.Store.Usage.DailyAsync(AugurTestServer.Account, today.AddDays(-1), today.AddDays(1)));
        Assert.Equal(2 * bodies.Length, metered.Requests);

        static (string?, string?) Choice(JsonElement completion)
        {
            JsonElement choice = Assert.Single(completion.GetProperty("choices").EnumerateArray());
            return (choice.GetProperty("message").GetProperty("content").GetString(), choice.GetProperty("finish_reason").GetString());
        }
    }

    [Fact]
    public async Task CompletionsBatch_AnswersTextCompletions_EqualToInteractiveOnes()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        OpenAIClient sdk = SdkClient(server);
        string[] bodies = Prompts.Take(2).Select(p => $$"""{"prompt":"{{p}}","max_tokens":9,"temperature":0}""").ToArray();

        OpenAIFile input = await UploadAsync(sdk, bodies.Select((b, i) => Line($"c{i}", b, "/v1/completions")));
        JsonElement batch = await WaitAsync((await CreateAsync(sdk, input.Id, "/v1/completions")).Operation);

        Assert.Equal(JsonValueKind.Null, batch.GetProperty("error_file_id").ValueKind);
        Dictionary<string, JsonElement> output = await DownloadAsync(sdk, batch.GetProperty("output_file_id").GetString()!);
        for (int i = 0; i < bodies.Length; i++)
        {
            using HttpResponseMessage single = await server.Client.PostAsync("v1/completions", AugurTestServer.Json($$"""{"model":"{{AugurTestServer.Model}}",{{bodies[i][1..]}}"""));
            JsonElement expected = Parse(BinaryData.FromString(await single.Content.ReadAsStringAsync()));
            JsonElement body = output[$"c{i}"].GetProperty("response").GetProperty("body");
            Assert.Equal("text_completion", body.GetProperty("object").GetString());
            Assert.Equal(expected.GetProperty("choices")[0].GetProperty("text").GetString(), body.GetProperty("choices")[0].GetProperty("text").GetString());
            Assert.Equal(9, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        }
    }

    [Fact]
    public async Task BadInputFile_FailsTheBatch_WithAnErrorPerBadLine()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        OpenAIClient sdk = SdkClient(server);
        string good = Line("a", """{"messages":[{"role":"user","content":"Hi"}]}""");
        OpenAIFile input = await UploadAsync(sdk, [good, "{not json", Line("b", """{"prompt":"x"}""", "/v1/completions"), good]);

        (_, JsonElement batch) = await CreateAsync(sdk, input.Id);

        Assert.Equal("failed", batch.GetProperty("status").GetString());
        Assert.Equal(
            [("invalid_json_line", 2), ("invalid_url", 3), ("duplicate_custom_id", 4)],
            batch.GetProperty("errors").GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("line").GetInt32())));
        Assert.Equal(0, batch.GetProperty("request_counts").GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("output_file_id").ValueKind);
        // An unknown model fails the batch too.
        OpenAIFile unknown = await UploadAsync(sdk, [good.Replace(AugurTestServer.Model, "@cf/no/such-model", StringComparison.Ordinal)]);
        JsonElement noModel = (await CreateAsync(sdk, unknown.Id)).Batch;
        Assert.Equal("model_not_found", Assert.Single(noModel.GetProperty("errors").GetProperty("data").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal("failed", (await GetJsonAsync(server.Client, $"v1/batches/{noModel.GetProperty("id").GetString()}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_List_AndAnotherAccountsFilesAndBatchesAreNotFound()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync(s => s["Augur:Batches:RunnerEnabled"] = "false");
        OpenAIClient sdk = SdkClient(server);
        OpenAIFile input = await UploadAsync(sdk, [Line("x", """{"messages":[{"role":"user","content":"Hi"}]}"""), Line("y", """{"messages":[{"role":"user","content":"Yo"}]}""")]);
        string[] ids = new string[3];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = (await CreateAsync(sdk, input.Id)).Batch.GetProperty("id").GetString()!;

        Assert.Equal("in_progress", (await GetJsonAsync(server.Client, $"v1/batches/{ids[0]}")).GetProperty("status").GetString());
        using HttpResponseMessage cancel = await server.Client.PostAsync($"v1/batches/{ids[0]}/cancel", null);
        JsonElement cancelled = Parse(BinaryData.FromString(await cancel.Content.ReadAsStringAsync()));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("output_file_id").ValueKind);
        Dictionary<string, JsonElement> errors = await DownloadAsync(sdk, cancelled.GetProperty("error_file_id").GetString()!);
        Assert.Equal(["x", "y"], errors.Keys.Order());
        Assert.All(errors.Values, e => Assert.Equal("batch_cancelled", e.GetProperty("error").GetProperty("code").GetString()));

        JsonElement first = await GetJsonAsync(server.Client, "v1/batches?limit=2");
        Assert.Equal([ids[2], ids[1]], first.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        JsonElement second = await GetJsonAsync(server.Client, $"v1/batches?limit=2&after={first.GetProperty("last_id").GetString()}");
        Assert.Equal([ids[0]], second.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.Contains(input.Id, (await sdk.GetOpenAIFileClient().GetFilesAsync(FilePurpose.Batch)).Value.Select(f => f.Id));

        using HttpClient other = server.Authorized(AugurTestServer.OtherToken);
        foreach (string path in new[] { $"v1/batches/{ids[1]}", $"v1/files/{input.Id}", $"v1/files/{input.Id}/content" })
            Assert.Equal("not_found", await ResponseAssert.OpenAiErrorAsync(await other.GetAsync(path), HttpStatusCode.NotFound));
        Assert.Equal("not_found", await ResponseAssert.OpenAiErrorAsync(await other.PostAsync($"v1/batches/{ids[1]}/cancel", null), HttpStatusCode.NotFound));
        Assert.Equal("not_found", await ResponseAssert.OpenAiErrorAsync(await other.DeleteAsync($"v1/files/{input.Id}"), HttpStatusCode.NotFound));
        Assert.Equal("not_found", await ResponseAssert.OpenAiErrorAsync(
            await other.PostAsync("v1/batches", AugurTestServer.Json($$"""{"input_file_id":"{{input.Id}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""")),
            HttpStatusCode.NotFound));
        Assert.Empty((await GetJsonAsync(other, "v1/batches")).GetProperty("data").EnumerateArray());
        Assert.Empty((await GetJsonAsync(other, "v1/files")).GetProperty("data").EnumerateArray());
        var foreign = await Assert.ThrowsAsync<ClientResultException>(() => SdkClient(server, AugurTestServer.OtherToken).GetOpenAIFileClient().GetFileAsync(input.Id));
        Assert.Equal(404, foreign.Status);

        Assert.True((await sdk.GetOpenAIFileClient().DeleteFileAsync(input.Id)).Value.Deleted);
        Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => sdk.GetOpenAIFileClient().GetFileAsync(input.Id))).Status);
        // The batches it fed keep their items.
        Assert.Equal(2, (await GetJsonAsync(server.Client, $"v1/batches/{ids[1]}")).GetProperty("request_counts").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Limits_AndBadRequests_AreOpenAiErrors()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync(s =>
        {
            s["Augur:Batches:MaxItemsPerBatch"] = "2";
            s["Augur:MaxRequestBodyBytes"] = "2048";
        });
        string line = Line("a", """{"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal("file_too_large", await ResponseAssert.OpenAiErrorAsync(await UploadRawAsync(server.Client, new string('x', 3000)), HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal("invalid_request", await ResponseAssert.OpenAiErrorAsync(await UploadRawAsync(server.Client, line, "fine-tune"), HttpStatusCode.BadRequest));
        using HttpResponseMessage uploaded = await UploadRawAsync(server.Client, string.Join('\n', line, line.Replace("\"a\"", "\"b\"", StringComparison.Ordinal), line.Replace("\"a\"", "\"c\"", StringComparison.Ordinal)));
        string fileId = Parse(BinaryData.FromString(await uploaded.Content.ReadAsStringAsync())).GetProperty("id").GetString()!;

        Assert.Equal("context_length_exceeded", await ResponseAssert.OpenAiErrorAsync(await Create(fileId, "/v1/chat/completions", "24h"), HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal("invalid_request", await ResponseAssert.OpenAiErrorAsync(await Create(fileId, "/v1/embeddings", "24h"), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await ResponseAssert.OpenAiErrorAsync(await Create(fileId, "/v1/chat/completions", "1h"), HttpStatusCode.BadRequest));
        Assert.Equal("not_found", await ResponseAssert.OpenAiErrorAsync(await Create("file-none", "/v1/chat/completions", "24h"), HttpStatusCode.NotFound));
        Assert.Equal("invalid_request", await ResponseAssert.OpenAiErrorAsync(await server.Client.GetAsync("v1/batches?limit=0"), HttpStatusCode.BadRequest));

        Task<HttpResponseMessage> Create(string file, string endpoint, string window) => server.Client.PostAsync("v1/batches",
            AugurTestServer.Json($$"""{"input_file_id":"{{file}}","endpoint":"{{endpoint}}","completion_window":"{{window}}"}"""));
    }
}
