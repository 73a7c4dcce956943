using System.Text.Json;
using Augur.Server.Storage;
using Augur.Tests.Common;

namespace Augur.Server.Batches.Tests;

/// <summary>
/// Exactly once across crashes: the real server process is SIGKILLed at seeded random moments while a batch runs and
/// started again on the same database; in the end every item has exactly one result, and is metered exactly once.
/// </summary>
public sealed class BatchCrashTests
{
    private const int Items = 24;

    [Fact]
    public async Task Batch_ServerKilledRepeatedlyMidBatch_EveryItemCompletesExactlyOnce()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["DATADIRECTORY"] = data.Path,
            ["BATCHES__LEASESECONDS"] = "1",
            ["BATCHES__POLLMILLISECONDS"] = "50",
        };
        var random = new Random(20260501);
        string[] items = Enumerable.Range(0, Items)
            .Select(i => $$"""{"prompt":"Once upon a time {{i}}","max_tokens":{{40 + random.Next(100)}},"temperature":0,"external_reference":{{i}}}""").ToArray();

        ServerProcess server = await ServerProcess.StartAsync(settings);
        string id;
        int killsMidBatch = 0;
        try
        {
            id = await BatchClient.SubmitAsync(server.Client, $$"""{"requests":[{{string.Join(',', items)}}]}""");
            for (int kill = 0; kill < 3; kill++)
            {
                await Task.Delay(random.Next(150, 900));
                if ((await BatchClient.PollAsync(server.Client, id)).TryGetProperty("responses", out _))
                    break;
                server.Kill();
                killsMidBatch++;
                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(settings);
            }

            JsonElement done = await BatchClient.WaitAsync(server.Client, id, TimeSpan.FromSeconds(90));
            Dictionary<int, JsonElement> responses = BatchClient.ById(done);
            Assert.Equal(Items, done.GetProperty("responses").GetArrayLength());
            Assert.Equal(Enumerable.Range(0, Items), responses.Keys.Order());
            for (int i = 0; i < Items; i++)
            {
                Assert.True(responses[i].GetProperty("success").GetBoolean(), responses[i].ToString());
                Assert.Equal(i, responses[i].GetProperty("external_reference").GetInt32());
            }
            // A result computed again after a crash is the same greedy result: compare with the interactive answer.
            foreach (int i in new[] { 0, Items / 2, Items - 1 })
            {
                using HttpResponseMessage single = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json(items[i]));
                string expected = JsonDocument.Parse(await single.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("response").GetString()!;
                Assert.Equal(expected, responses[i].GetProperty("result").GetProperty("response").GetString());
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.True(killsMidBatch > 0, "no kill landed while the batch ran");
        await using SqliteAugurStore store = await SqliteAugurStore.OpenAsync(data.Path);
        IReadOnlyList<BatchItemState> stored = await store.Batches.ItemsAsync(AugurTestServer.Account, id);
        Assert.Equal(Enumerable.Range(0, Items), stored.Select(s => s.Index));
        Assert.All(stored, s => Assert.Equal(BatchItemStates.Done, s.State));
        // Metered once per item (the usage is written in the result's transaction), plus the 3 interactive checks.
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        UsageTotals usage = Assert.Single(await store.Usage.DailyAsync(AugurTestServer.Account, today.AddDays(-1), today.AddDays(1)));
        Assert.Equal(Items + 3, usage.Requests);
    }
}
