using System.Text.Json;
using Augur.Server.Storage;
using Augur.Server.Storage.Tests;

namespace Augur.Server.Batches.Tests;

/// <summary>Two server processes on one PostgreSQL pull from the same queue; no item is claimed (so run) twice.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedQueueTests(PostgresCluster cluster)
{
    private const int Items = 32;

    [Fact]
    public async Task Batch_TwoNodesOnOnePostgres_ShareTheQueue_AndRunEachItemOnce()
    {
        string database = await cluster.CreateDatabaseAsync();
        Dictionary<string, string> Node(string id) => new()
        {
            ["POSTGRESCONNECTIONSTRING"] = database,
            ["BATCHES__NODEID"] = id,
            ["BATCHES__CLAIMGROUPSIZE"] = "4",
            ["BATCHES__POLLMILLISECONDS"] = "20",
        };
        await using ServerProcess a = await ServerProcess.StartAsync(Node("node-a"));
        await using ServerProcess b = await ServerProcess.StartAsync(Node("node-b"));
        string[] items = Enumerable.Range(0, Items).Select(i => $$"""{"prompt":"The dog {{i}}","max_tokens":64,"temperature":0}""").ToArray();

        string id = await BatchClient.SubmitAsync(a.Client, $$"""{"requests":[{{string.Join(',', items)}}]}""");
        JsonElement done = await BatchClient.WaitAsync(b.Client, id, TimeSpan.FromSeconds(90)); // polled through the other node

        Assert.Equal(Items, done.GetProperty("responses").EnumerateArray().Count(r => r.GetProperty("success").GetBoolean()));
        await using PostgresAugurStore store = await PostgresAugurStore.OpenAsync(database);
        IReadOnlyList<BatchItemState> stored = await store.Batches.ItemsAsync(AugurTestServer.Account, id);
        Assert.Equal(Enumerable.Range(0, Items), stored.Select(s => s.Index));
        Assert.All(stored, s => Assert.Equal(1, s.Attempts)); // claimed once: no node ran an item another held
        Dictionary<string, int> byNode = stored.GroupBy(s => s.Node!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["node-a", "node-b"], byNode.Keys.Order());
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(Items, Assert.Single(await store.Usage.DailyAsync(AugurTestServer.Account, today.AddDays(-1), today.AddDays(1))).Requests);
    }
}
