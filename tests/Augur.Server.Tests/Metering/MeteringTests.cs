using System.Net;
using System.Text.Json;
using Augur.Server.Accounts;
using Augur.Server.Storage;
using Augur.Tests.Common;
using Microsoft.Data.Sqlite;

namespace Augur.Server.Metering.Tests;

/// <summary>Metering on the real server: what a request costs, the 3036 refusal and its midnight reset, overage, the usage report.</summary>
public sealed class MeteringTests
{
    private static readonly DateTimeOffset Morning = new(2026, 5, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Requests_AreRecordedWithTokensAndNeuronsFromTheCatalogPrice()
    {
        var clock = new ManualClock(Morning);
        (AugurTestServer server, TempDirectory models) = await PricedServer.StartAsync(clock, s => s["Augur:Metering:FreeDailyNeurons"] = "1e9");
        await using AugurTestServer _ = server;
        using TempDirectory __ = models;
        string run = AugurTestServer.RunPath(PricedServer.Model);
        // Long enough to fill whole KV blocks, so that the repeat is served from the prefix cache.
        string body = JsonSerializer.Serialize(new { prompt = string.Concat(Enumerable.Repeat("Lily and Tom went to the park to play with a big red ball. ", 4)), max_tokens = 6, temperature = 0 });

        JsonElement first = await UsageOfAsync(await server.Client.PostAsync(run, AugurTestServer.Json(body)));
        JsonElement second = await UsageOfAsync(await server.Client.PostAsync(run, AugurTestServer.Json(body))); // the prompt is cached now
        using HttpResponseMessage streamed = await server.Client.PostAsync(run, AugurTestServer.Json("""{"prompt":"Once","max_tokens":3,"stream":true}"""));
        Assert.EndsWith("data: [DONE]\n\n", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        (int p1, int c1, int o1) = Counts(first);
        (int p2, int c2, int o2) = Counts(second);
        Assert.Equal((0, 6, 6), (c1, o1, o2));
        Assert.True(c2 > 0, "the repeated prompt should hit the prefix cache");
        double expected = PricedServer.ExpectedNeurons(p1, 0, 6) + PricedServer.ExpectedNeurons(p2, c2, 6);

        JsonElement day = Assert.Single((await ReportAsync(server, AugurTestServer.Account)).GetProperty("days").EnumerateArray());
        Assert.Equal("2026-05-01", day.GetProperty("date").GetString());
        JsonElement model = Assert.Single(day.GetProperty("models").EnumerateArray());
        Assert.Equal(PricedServer.Model, model.GetProperty("model").GetString());
        Assert.Equal(3, model.GetProperty("requests").GetInt64());
        Assert.Equal(c2, model.GetProperty("cached_tokens").GetInt64());
        Assert.Equal(6 + 6 + 3, model.GetProperty("output_tokens").GetInt64());
        int p3 = (int)model.GetProperty("input_tokens").GetInt64() - p1 - p2;
        Assert.InRange(p3, 1, 4);
        Assert.Equal(expected + PricedServer.ExpectedNeurons(p3, 0, 3), model.GetProperty("neurons").GetDouble(), 6);
        Assert.Equal(0, model.GetProperty("overage_neurons").GetDouble());

        // Each request's own row: timings and status.
        List<UsageRow> rows = ReadRows(server, AugurTestServer.Account);
        Assert.Equal(3, rows.Count);
        Assert.Equal((p1, 6L, PricedServer.ExpectedNeurons(p1, 0, 6)), (rows[0].Input, rows[0].Output, rows[0].Neurons));
        Assert.All(rows, r => Assert.Equal(UsageStatus.Success, r.Status));
        Assert.All(rows, r => Assert.Null(r.Adapter));
        Assert.All(rows, r => Assert.True(r.Ttft is > 0 && r.Ttft <= r.Duration, $"ttft {r.Ttft} duration {r.Duration}"));
    }

    [Fact]
    public async Task FreePlan_OnceTheAllocationIsUsed_Gets3036_UntilMidnightUtc()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 23, 59, 0, TimeSpan.Zero));
        (AugurTestServer server, TempDirectory models) = await PricedServer.StartAsync(clock, s => s["Augur:Metering:FreeDailyNeurons"] = "5000");
        await using AugurTestServer _ = server;
        using TempDirectory __ = models;
        string run = AugurTestServer.RunPath(PricedServer.Model);
        const string body = """{"prompt":"Once","max_tokens":3}""";

        using HttpResponseMessage first = await server.Client.PostAsync(run, AugurTestServer.Json(body)); // costs at least 3 * 2,000 neurons
        using HttpResponseMessage limited = await server.Client.PostAsync(run, AugurTestServer.Json(body));
        using HttpResponseMessage limitedChat = await server.Client.PostAsync("v1/chat/completions",
            AugurTestServer.Json($$"""{"model":"{{PricedServer.Model}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""));
        using HttpResponseMessage otherAccount = await server.Authorized(AugurTestServer.OtherToken)
            .PostAsync(AugurTestServer.RunPath(PricedServer.Model, AugurTestServer.OtherAccount), AugurTestServer.Json(body));
        clock.Set(new DateTimeOffset(2026, 5, 2, 0, 0, 1, TimeSpan.Zero));
        using HttpResponseMessage nextDay = await server.Client.PostAsync(run, AugurTestServer.Json(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        string message = await ResponseAssert.EnvelopeErrorAsync(limited, (HttpStatusCode)429, 3036);
        Assert.Contains("daily free allocation of 5,000 neurons", message, StringComparison.Ordinal);
        Assert.Equal("daily_limit_exceeded", await ResponseAssert.OpenAiErrorAsync(limitedChat, (HttpStatusCode)429));
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode); // allocations are per account
        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);

        JsonElement report = await ReportAsync(server, AugurTestServer.Account, "?from=2026-05-01&to=2026-05-02");
        Assert.Equal("free", report.GetProperty("plan").GetString());
        JsonElement[] days = [.. report.GetProperty("days").EnumerateArray()];
        Assert.Equal(["2026-05-01", "2026-05-02"], days.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(3, days[0].GetProperty("requests").GetInt64()); // one served, two refused (recorded with no tokens)
        Assert.Equal(0, days[0].GetProperty("free_neurons_remaining").GetDouble());
        Assert.Equal(1, days[1].GetProperty("requests").GetInt64());
        Assert.Equal(UsageStatus.Limited, ReadRows(server, AugurTestServer.Account)[1].Status);
    }

    [Fact]
    public async Task PaidPlan_BeyondTheAllocation_IsServedAndRecordedAsOverage()
    {
        var clock = new ManualClock(Morning);
        (AugurTestServer server, TempDirectory models) = await PricedServer.StartAsync(clock, s => s["Augur:Metering:PaidDailyNeurons"] = "5000");
        await using AugurTestServer _ = server;
        using TempDirectory __ = models;
        IssuedToken token = await AccountAdministration.IssueTokenAsync(server.Store, "payer", "billing", AccountPlans.Paid, Morning);
        using HttpClient payer = server.Authorized(token.Secret);
        string run = AugurTestServer.RunPath(PricedServer.Model, "payer");

        var costs = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            (int p, int c, int o) = Counts(await UsageOfAsync(await payer.PostAsync(run, AugurTestServer.Json($$"""{"prompt":"Once upon a time {{i}}","max_tokens":2}"""))));
            costs.Add(PricedServer.ExpectedNeurons(p, c, o));
        }

        JsonElement report = await ReportAsync(server, "payer", client: payer);
        Assert.Equal("paid", report.GetProperty("plan").GetString());
        Assert.Equal(5000, report.GetProperty("daily_free_neurons").GetDouble());
        JsonElement day = Assert.Single(report.GetProperty("days").EnumerateArray());
        Assert.Equal(costs.Sum(), day.GetProperty("neurons").GetDouble(), 6);
        Assert.Equal(costs.Sum() - 5000, day.GetProperty("overage_neurons").GetDouble(), 6);
    }

    [Theory]
    [InlineData("?from=2026-13-01")]
    [InlineData("?to=yesterday")]
    [InlineData("?from=2026-05-02&to=2026-05-01")]
    [InlineData("?from=2020-01-01&to=2026-05-01")]
    public async Task UsageReport_BadRange_Is3003(string query)
    {
        (AugurTestServer server, TempDirectory models) = await PricedServer.StartAsync(new ManualClock(Morning));
        await using AugurTestServer _ = server;
        using TempDirectory __ = models;

        using HttpResponseMessage response = await server.Client.GetAsync($"client/v4/accounts/{AugurTestServer.Account}/ai/usage{query}");

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.BadRequest, 3003);
    }

    private static async Task<JsonElement> UsageOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            return JsonDocument.Parse(text).RootElement.GetProperty("result").GetProperty("usage").Clone();
        }
    }

    private static (int Prompt, int Cached, int Output) Counts(JsonElement usage) =>
        (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());

    /// <summary>The usage report's <c>result</c>, after checking the envelope.</summary>
    private static async Task<JsonElement> ReportAsync(AugurTestServer server, string account, string query = "", HttpClient? client = null)
    {
        using HttpResponseMessage response = await (client ?? server.Client).GetAsync($"client/v4/accounts/{account}/ai/usage{query}");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        JsonElement root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["result", "success", "errors", "messages"], root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("success").GetBoolean());
        JsonElement result = root.GetProperty("result");
        Assert.Equal(account, result.GetProperty("account_id").GetString());
        return result.Clone();
    }

    /// <summary>The account's usage rows, oldest first, read straight from the server's SQLite file.</summary>
    private static List<UsageRow> ReadRows(AugurTestServer server, string account)
    {
        using var connection = new SqliteConnection($"Data Source={SqliteAugurStore.PathIn(server.DataDirectory)};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT input_tokens, output_tokens, neurons, ttft_ms, duration_ms, status, adapter FROM usage_records WHERE account_id = $a ORDER BY id";
        command.Parameters.AddWithValue("$a", account);
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<UsageRow>();
        while (reader.Read())
            rows.Add(new UsageRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.GetDouble(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        return rows;
    }

    private sealed record UsageRow(long Input, long Output, double Neurons, double? Ttft, double Duration, string Status, string? Adapter);
}
