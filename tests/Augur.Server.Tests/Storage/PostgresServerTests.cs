using System.Net;
using System.Text.Json;
using Augur.Server.Metering.Tests;

namespace Augur.Server.Storage.Tests;

/// <summary>The real server on PostgreSQL: the schema made at start-up, a token issued by the admin API, the request metered there.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Server_OnPostgres_IssuesTokensAndMetersRequests()
    {
        string database = await cluster.CreateDatabaseAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 7, 4, 12, 0, 0, TimeSpan.Zero));
        (AugurTestServer server, Augur.Tests.Common.TempDirectory models) = await PricedServer.StartAsync(clock, s => s["Augur:PostgresConnectionString"] = database);
        await using AugurTestServer _ = server;
        using Augur.Tests.Common.TempDirectory __ = models;
        Assert.IsType<PostgresAugurStore>(server.Store);
        Assert.False(File.Exists(SqliteAugurStore.PathIn(server.DataDirectory)));

        using HttpClient admin = server.Authorized(PricedServer.AdminToken);
        using HttpResponseMessage created = await admin.PostAsync("admin/tokens", AugurTestServer.Json("""{"account_id":"pg-tenant"}"""));
        string secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("token").GetString()!;
        using HttpClient tenant = server.Authorized(secret);
        using HttpResponseMessage run = await tenant.PostAsync(AugurTestServer.RunPath(PricedServer.Model, "pg-tenant"), AugurTestServer.Json("""{"prompt":"Once","max_tokens":3}"""));
        JsonElement usage = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("usage");

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        double expected = PricedServer.ExpectedNeurons(usage.GetProperty("prompt_tokens").GetInt32(), 0, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(expected, await server.Store.Usage.NeuronsOnAsync("pg-tenant", new DateOnly(2026, 7, 4)), 6);
    }
}
