using System.Net;
using System.Text.Json;
using Augur.Server.Storage;

namespace Augur.Server.Batches.Tests;

/// <summary>Workers AI's async batch form on the real server and engine (stories260K).</summary>
public sealed class WorkersBatchApiTests
{
    private static readonly string[] Prompts = ["Once upon a time", "The cat", "Lily wanted", "One day, a little", "Tom and Sue", "The sun was"];

    [Fact]
    public async Task Batch_Results_EqualTheSameRequestsSentInteractively_AndAreMetered()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        string[] items = Prompts.Select((p, i) => $$"""{"prompt":"{{p}}","max_tokens":{{8 + (i * 3)}},"temperature":0,"external_reference":"ref-{{i}}"}""").ToArray();

        string id = await BatchClient.SubmitAsync(server.Client, $$"""{"requests":[{{string.Join(',', items)}}]}""");
        JsonElement done = await BatchClient.WaitAsync(server.Client, id);

        Dictionary<int, JsonElement> responses = BatchClient.ById(done);
        Assert.Equal(Enumerable.Range(0, Prompts.Length), responses.Keys.Order());
        long prompt = 0, completion = 0;
        for (int i = 0; i < items.Length; i++)
        {
            using HttpResponseMessage single = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(items[i]));
            JsonElement expected = JsonDocument.Parse(await single.Content.ReadAsStringAsync()).RootElement.GetProperty("result");
            JsonElement actual = responses[i];
            Assert.True(actual.GetProperty("success").GetBoolean());
            Assert.Equal($"ref-{i}", actual.GetProperty("external_reference").GetString());
            Assert.Equal(expected.GetProperty("response").GetString(), actual.GetProperty("result").GetProperty("response").GetString());
            JsonElement usage = actual.GetProperty("result").GetProperty("usage");
            Assert.Equal(expected.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());
            prompt += usage.GetProperty("prompt_tokens").GetInt32();
            completion += usage.GetProperty("completion_tokens").GetInt32();
        }
        JsonElement total = done.GetProperty("usage");
        Assert.Equal((prompt, completion, prompt + completion),
            (total.GetProperty("prompt_tokens").GetInt64(), total.GetProperty("completion_tokens").GetInt64(), total.GetProperty("total_tokens").GetInt64()));
        // Each batch item is metered like the interactive request beside it: 2 records per prompt.
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        UsageTotals metered = Assert.Single(await server.Store.Usage.DailyAsync(AugurTestServer.Account, today.AddDays(-1), today.AddDays(1)));
        Assert.Equal(2 * Prompts.Length, metered.Requests);
    }

    [Fact]
    public async Task Batch_BindingForm_IsAccepted_AndAFailingItemFailsAlone()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();

        string id = await BatchClient.SubmitAsync(server.Client,
            """{"inputs":{"requests":[{"prompt":"Once","max_tokens":4},{"prompt":""},{"messages":[{"role":"user","content":"Hi"}],"max_tokens":3}]},"options":{"queueRequest":true}}""",
            AugurTestServer.RunPath());
        JsonElement done = await BatchClient.WaitAsync(server.Client, id);

        Dictionary<int, JsonElement> responses = BatchClient.ById(done);
        Assert.True(responses[0].GetProperty("success").GetBoolean());
        Assert.True(responses[2].GetProperty("success").GetBoolean());
        Assert.False(responses[1].GetProperty("success").GetBoolean());
        Assert.Equal(JsonValueKind.Null, responses[1].GetProperty("external_reference").ValueKind);
        Assert.Equal(3003, Assert.Single(responses[1].GetProperty("errors").EnumerateArray()).GetProperty("code").GetInt32());
        Assert.Equal(4, responses[0].GetProperty("result").GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        // The binding polls with {"inputs":{"request_id":…}} too.
        using HttpResponseMessage again = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json($$$"""{"inputs":{"request_id":"{{{id}}}"}}"""));
        Assert.Equal(3, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("responses").GetArrayLength());
    }

    [Fact]
    public async Task Batch_WithoutARunner_StaysQueued_AndAnotherAccountsPollIsNotFound()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync(s => s["Augur:Batches:RunnerEnabled"] = "false");

        string id = await BatchClient.SubmitAsync(server.Client, """{"requests":[{"prompt":"Once"}]}""");

        JsonElement pending = await BatchClient.PollAsync(server.Client, id);
        Assert.Equal(["status", "request_id"], pending.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("queued", id), (pending.GetProperty("status").GetString(), pending.GetProperty("request_id").GetString()));
        Assert.Equal("queued", (await BatchClient.PollAsync(server.Client, id, AugurTestServer.RunPath() + "?queueRequest=true")).GetProperty("status").GetString());
        using HttpClient other = server.Authorized(AugurTestServer.OtherToken);
        using HttpResponseMessage foreign = await other.PostAsync(AugurTestServer.RunPath(account: AugurTestServer.OtherAccount), AugurTestServer.Json($$"""{"request_id":"{{id}}"}"""));
        await ResponseAssert.EnvelopeErrorAsync(foreign, HttpStatusCode.NotFound, 7003);
        using HttpResponseMessage unknown = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"request_id":"no-such-batch"}"""));
        await ResponseAssert.EnvelopeErrorAsync(unknown, HttpStatusCode.NotFound, 7003);
    }

    [Fact]
    public async Task Batch_Limits_AreDocumentedErrors()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync(s =>
        {
            s["Augur:Batches:MaxItemsPerBatch"] = "2";
            s["Augur:MaxRequestBodyBytes"] = "2048";
        });

        using HttpResponseMessage tooMany = await server.Client.PostAsync(AugurTestServer.RunPath() + "?queueRequest=true",
            AugurTestServer.Json("""{"requests":[{"prompt":"a"},{"prompt":"b"},{"prompt":"c"}]}"""));
        await ResponseAssert.EnvelopeErrorAsync(tooMany, HttpStatusCode.RequestEntityTooLarge, 3006);
        using HttpResponseMessage tooLarge = await server.Client.PostAsync(AugurTestServer.RunPath() + "?queueRequest=true",
            AugurTestServer.Json($$"""{"requests":[{"prompt":"{{new string('x', 3000)}}"}]}"""));
        await ResponseAssert.EnvelopeErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, 3006);
        using HttpResponseMessage empty = await server.Client.PostAsync(AugurTestServer.RunPath() + "?queueRequest=true", AugurTestServer.Json("""{"requests":[]}"""));
        await ResponseAssert.EnvelopeErrorAsync(empty, HttpStatusCode.BadRequest, 3003);
        using HttpResponseMessage noRequests = await server.Client.PostAsync(AugurTestServer.RunPath() + "?queueRequest=true", AugurTestServer.Json("""{"prompt":"a"}"""));
        await ResponseAssert.EnvelopeErrorAsync(noRequests, HttpStatusCode.BadRequest, 3003);
        using HttpResponseMessage notAnObject = await server.Client.PostAsync(AugurTestServer.RunPath() + "?queueRequest=true", AugurTestServer.Json("""{"requests":["a"]}"""));
        await ResponseAssert.EnvelopeErrorAsync(notAnObject, HttpStatusCode.BadRequest, 3003);
    }

    [Fact]
    public async Task Batch_BadOptions_FailTheStart()
    {
        var error = await Assert.ThrowsAsync<Hosting.AugurConfigurationException>(() => AugurTestServer.StartAsync(s =>
        {
            s["Augur:Batches:MaxItemsPerBatch"] = "0";
            s["Augur:Batches:LeaseSeconds"] = "0.5";
        }));

        Assert.Contains("Augur:Batches:MaxItemsPerBatch", error.Message, StringComparison.Ordinal);
        Assert.Contains("Augur:Batches:LeaseSeconds", error.Message, StringComparison.Ordinal);
    }
}
