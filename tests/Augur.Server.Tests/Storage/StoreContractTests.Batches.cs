namespace Augur.Server.Storage.Tests;

/// <summary>The batch queue's part of the store contract: durable batches, leases, idempotent results, account scoping.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Batches_Create_IsQueuedAndScopedByAccount()
    {
        await Store.Batches.CreateAsync(Batch("b1", "acct-a", 3, Submitted));

        BatchSummary summary = (await Store.Batches.GetAsync("acct-a", "b1"))!;
        Assert.Equal(("acct-a", "@cf/x/one", BatchKinds.WorkersAi, """{"o":1}""", Submitted, 3, 0, "queued"),
            (summary.AccountId, summary.Model, summary.Kind, summary.Options, summary.CreatedAt, summary.Total, summary.Started, summary.Status));
        Assert.Null(await Store.Batches.GetAsync("acct-b", "b1"));
        Assert.Empty(await Store.Batches.ItemsAsync("acct-b", "b1"));
        IReadOnlyList<BatchItemState> items = await Store.Batches.ItemsAsync("acct-a", "b1");
        Assert.Equal([0, 1, 2], items.Select(i => i.Index));
        Assert.Equal(["""{"prompt":"p1"}""", "\"ref-1\"", BatchItemStates.Pending], [items[1].Input, items[1].ExternalReference!, items[1].State]);
        Assert.Null(items[0].ExternalReference);
    }

    [Fact]
    public async Task Batches_Claim_OldestFirst_AndNeverTwiceWhileLeased()
    {
        await Store.Batches.CreateAsync(Batch("newer", "acct-a", 2, Submitted.AddMinutes(1)));
        await Store.Batches.CreateAsync(Batch("older", "acct-b", 2, Submitted));

        IReadOnlyList<ClaimedBatchItem> first = await Store.Batches.ClaimAsync("node-1", 3, Submitted.AddMinutes(2), Lease);
        IReadOnlyList<ClaimedBatchItem> second = await Store.Batches.ClaimAsync("node-2", 3, Submitted.AddMinutes(2), Lease);
        IReadOnlyList<ClaimedBatchItem> none = await Store.Batches.ClaimAsync("node-3", 3, Submitted.AddMinutes(2), Lease);

        Assert.Equal(["newer/0", "older/0", "older/1"], first.Select(Key));
        Assert.Equal(["newer/1"], second.Select(Key));
        Assert.Empty(none);
        ClaimedBatchItem older0 = first.Single(c => Key(c) == "older/0");
        Assert.Equal(("acct-b", "@cf/x/one", """{"prompt":"p0"}""", 1), (older0.AccountId, older0.Model, older0.Input, older0.Attempts));
        Assert.Equal("running", (await Store.Batches.GetAsync("acct-b", "older"))!.Status);
    }

    [Fact]
    public async Task Batches_ExpiredLease_IsClaimedAgain_RenewedOneIsNot()
    {
        await Store.Batches.CreateAsync(Batch("b", "acct-a", 2, Submitted));
        DateTimeOffset t0 = Submitted.AddSeconds(1);
        Assert.Equal(2, (await Store.Batches.ClaimAsync("dead", 1, t0, Lease)).Count + (await Store.Batches.ClaimAsync("alive", 1, t0, Lease)).Count);

        Assert.Equal(1, await Store.Batches.RenewAsync("alive", t0 + Lease + Lease));
        Assert.Empty(await Store.Batches.ClaimAsync("other", 5, t0 + Lease, Lease)); // not yet past the expiry
        IReadOnlyList<ClaimedBatchItem> taken = await Store.Batches.ClaimAsync("other", 5, t0 + Lease + TimeSpan.FromMilliseconds(1), Lease);

        Assert.Equal(["b/0"], taken.Select(Key)); // the dead node's item only
        Assert.Equal(2, taken[0].Attempts);
        Assert.Equal(0, await Store.Batches.RenewAsync("dead", t0 + Lease + Lease));
    }

    [Fact]
    public async Task Batches_Release_PutsItemsBackInTheQueue()
    {
        await Store.Batches.CreateAsync(Batch("b", "acct-a", 3, Submitted));
        await Store.Batches.ClaimAsync("node", 3, Submitted, Lease);

        Assert.True(await Store.Batches.ReleaseAsync("node", "b", 1));
        Assert.False(await Store.Batches.ReleaseAsync("someone-else", "b", 2));
        Assert.Equal(["b/1"], (await Store.Batches.ClaimAsync("next", 5, Submitted, Lease)).Select(Key));
        Assert.Equal(2, await Store.Batches.ReleaseAllAsync("node"));
        Assert.Equal(["b/0", "b/2"], (await Store.Batches.ClaimAsync("next", 5, Submitted, Lease)).Select(Key));
    }

    [Fact]
    public async Task Batches_Complete_FirstWriteWins_UsageOnce_BatchCompletesWithItsLastItem()
    {
        await Store.Batches.CreateAsync(Batch("b", "acct-a", 2, Submitted));
        await Store.Batches.ClaimAsync("node-1", 2, Submitted, Lease);
        DateTimeOffset done = Submitted.AddSeconds(5);

        Assert.True(await Store.Batches.CompleteAsync(Outcome("b", 0, "first", done), UsageOf("acct-a", done)));
        Assert.False(await Store.Batches.CompleteAsync(Outcome("b", 0, "second", done.AddSeconds(1)) with { Node = "node-2" }, UsageOf("acct-a", done)));
        Assert.Null((await Store.Batches.GetAsync("acct-a", "b"))!.CompletedAt);
        Assert.True(await Store.Batches.CompleteAsync(Outcome("b", 1, "failed", done.AddSeconds(2)) with { Success = false }, null));

        BatchSummary summary = (await Store.Batches.GetAsync("acct-a", "b"))!;
        Assert.Equal(("completed", 1, 1, done.AddSeconds(2)), (summary.Status, summary.Succeeded, summary.Failed, summary.CompletedAt));
        IReadOnlyList<BatchItemState> items = await Store.Batches.ItemsAsync("acct-a", "b");
        Assert.Equal((BatchItemStates.Done, true, "\"first\"", 7, 3, "node-1"),
            (items[0].State, items[0].Success, items[0].Result, items[0].PromptTokens, items[0].CompletionTokens, items[0].Node));
        Assert.False(items[1].Success);
        UsageTotals usage = Assert.Single(await Store.Usage.DailyAsync("acct-a", DateOnly.FromDateTime(done.UtcDateTime), DateOnly.FromDateTime(done.UtcDateTime)));
        Assert.Equal((1L, 7L, 3L), (usage.Requests, usage.InputTokens, usage.OutputTokens));
    }

    [Fact]
    public async Task Batches_Cancel_StopsTheRest_AndIsScopedByAccount()
    {
        await Store.Batches.CreateAsync(Batch("b", "acct-a", 3, Submitted));
        await Store.Batches.ClaimAsync("node", 1, Submitted, Lease);
        Assert.True(await Store.Batches.CompleteAsync(Outcome("b", 0, "kept", Submitted), null));
        await Store.Batches.ClaimAsync("node", 1, Submitted, Lease);

        Assert.False(await Store.Batches.CancelAsync("acct-b", "b", Submitted.AddSeconds(1)));
        Assert.True(await Store.Batches.CancelAsync("acct-a", "b", Submitted.AddSeconds(1)));

        Assert.Empty(await Store.Batches.ClaimAsync("node", 5, Submitted.AddHours(1), Lease));
        Assert.False(await Store.Batches.CompleteAsync(Outcome("b", 1, "late", Submitted.AddSeconds(2)), null)); // it was running
        BatchSummary summary = (await Store.Batches.GetAsync("acct-a", "b"))!;
        Assert.Equal(("cancelled", 1, 2), (summary.Status, summary.Succeeded, summary.Cancelled));
        Assert.True(await Store.Batches.CancelAsync("acct-a", "b", Submitted.AddSeconds(3))); // again: found, unchanged
        Assert.Equal(Submitted.AddSeconds(1), (await Store.Batches.GetAsync("acct-a", "b"))!.CancelledAt);
    }

    [Fact]
    public async Task Batches_Sweep_DeletesOnlyBatchesFinishedBeforeTheCutoff()
    {
        await Store.Batches.CreateAsync(Batch("old", "acct-a", 1, Submitted));
        await Store.Batches.CreateAsync(Batch("recent", "acct-a", 1, Submitted));
        await Store.Batches.CreateAsync(Batch("unfinished", "acct-a", 1, Submitted));
        await Store.Batches.CompleteAsync(Outcome("old", 0, "x", Submitted.AddHours(1)), null);
        await Store.Batches.CompleteAsync(Outcome("recent", 0, "x", Submitted.AddHours(3)), null);

        Assert.Equal(1, await Store.Batches.SweepAsync(Submitted.AddHours(2)));

        Assert.Null(await Store.Batches.GetAsync("acct-a", "old"));
        Assert.Empty(await Store.Batches.ItemsAsync("acct-a", "old"));
        Assert.NotNull(await Store.Batches.GetAsync("acct-a", "recent"));
        Assert.NotNull(await Store.Batches.GetAsync("acct-a", "unfinished"));
    }

    [Fact]
    public async Task Batches_List_NewestFirst_ByKind_ScopedByAccount()
    {
        await Store.Batches.CreateAsync(Batch("w", "acct-a", 1, Submitted));
        await Store.Batches.CreateAsync(Batch("o", "acct-a", 1, Submitted.AddSeconds(1)) with { Kind = BatchKinds.OpenAi });
        await Store.Batches.CreateAsync(Batch("x", "acct-b", 1, Submitted.AddSeconds(2)));

        Assert.Equal(["o", "w"], (await Store.Batches.ListAsync("acct-a", null, 10)).Select(b => b.Id));
        Assert.Equal(["o"], (await Store.Batches.ListAsync("acct-a", BatchKinds.OpenAi, 10)).Select(b => b.Id));
        Assert.Equal(["o"], (await Store.Batches.ListAsync("acct-a", null, 1)).Select(b => b.Id));
    }

    [Fact]
    public async Task Batches_ConcurrentClaimers_TakeEveryItemExactlyOnce()
    {
        const int Items = 60;
        await Store.Batches.CreateAsync(Batch("big", "acct-a", Items, Submitted));

        List<ClaimedBatchItem>[] taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(async n =>
        {
            var mine = new List<ClaimedBatchItem>();
            while (await Store.Batches.ClaimAsync($"node-{n}", 3, Submitted, Lease) is { Count: > 0 } claimed)
                mine.AddRange(claimed);
            return mine;
        }));

        Assert.Equal(Enumerable.Range(0, Items), taken.SelectMany(t => t).Select(c => c.Index).Order());
        Assert.All(taken.SelectMany(t => t), c => Assert.Equal(1, c.Attempts));
    }

    private static string Key(ClaimedBatchItem item) => $"{item.BatchId}/{item.Index}";

    private static NewBatch Batch(string id, string account, int items, DateTimeOffset at) =>
        new(id, account, "@cf/x/one", BatchKinds.WorkersAi, at, """{"o":1}""",
            Enumerable.Range(0, items).Select(i => new NewBatchItem($$"""{"prompt":"p{{i}}"}""", i == 0 ? null : $"\"ref-{i}\"")).ToList());

    private static BatchItemOutcome Outcome(string batch, int index, string result, DateTimeOffset at) =>
        new(batch, index, true, $"\"{result}\"", 7, 3, "node-1", at);

    private static UsageRecord UsageOf(string account, DateTimeOffset at) =>
        new(account, at, "@cf/x/one", null, 7, 0, 3, 1.5, 0, 2, 10, UsageStatus.Success);
}
