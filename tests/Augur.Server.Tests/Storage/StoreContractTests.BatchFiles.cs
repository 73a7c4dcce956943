namespace Augur.Server.Storage.Tests;

/// <summary>The OpenAI batch API's part of the store contract: files per account, item kinds, and batches refused before they ran.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset Uploaded = new(2026, 6, 2, 9, 30, 0, 250, TimeSpan.Zero);

    [Fact]
    public async Task Files_CreateGetContentListDelete_ScopedByAccount()
    {
        var input = new BatchFile("file-1", "acct-a", "in.jsonl", "batch", 11, Uploaded);
        Assert.True(await Store.Files.CreateAsync(input, "{\"a\":\"é\"}\n"));
        Assert.False(await Store.Files.CreateAsync(input with { FileName = "again.jsonl" }, "other"));
        Assert.True(await Store.Files.CreateAsync(new BatchFile("file-2", "acct-a", "out.jsonl", "batch_output", 3, Uploaded.AddMinutes(1)), "out"));
        Assert.True(await Store.Files.CreateAsync(new BatchFile("file-3", "acct-b", "b.jsonl", "batch", 1, Uploaded), "b"));

        Assert.Equal(input, await Store.Files.GetAsync("acct-a", "file-1"));
        Assert.Equal("{\"a\":\"é\"}\n", await Store.Files.ContentAsync("acct-a", "file-1"));
        Assert.Null(await Store.Files.GetAsync("acct-b", "file-1"));
        Assert.Null(await Store.Files.ContentAsync("acct-b", "file-1"));
        Assert.Equal(["file-2", "file-1"], (await Store.Files.ListAsync("acct-a", null, 10)).Select(f => f.Id));
        Assert.Equal(["file-2"], (await Store.Files.ListAsync("acct-a", null, 1)).Select(f => f.Id));
        Assert.Equal(["file-1"], (await Store.Files.ListAsync("acct-a", "batch", 10)).Select(f => f.Id));

        Assert.False(await Store.Files.DeleteAsync("acct-b", "file-1"));
        Assert.True(await Store.Files.DeleteAsync("acct-a", "file-1"));
        Assert.False(await Store.Files.DeleteAsync("acct-a", "file-1"));
        Assert.Null(await Store.Files.ContentAsync("acct-a", "file-1"));
        Assert.Equal(["file-3"], (await Store.Files.ListAsync("acct-b", null, 10)).Select(f => f.Id));
    }

    [Fact]
    public async Task Batches_ClaimedItems_CarryTheirBatchKind()
    {
        await Store.Batches.CreateAsync(Batch("w", "acct-a", 1, Submitted));
        await Store.Batches.CreateAsync(Batch("o", "acct-a", 1, Submitted.AddSeconds(1)) with { Kind = BatchKinds.OpenAi });

        IReadOnlyList<ClaimedBatchItem> claimed = await Store.Batches.ClaimAsync("node", 5, Submitted.AddMinutes(1), Lease);

        Assert.Equal([("o", BatchKinds.OpenAi), ("w", BatchKinds.WorkersAi)], claimed.Select(c => (c.BatchId, c.Kind)));
    }

    [Fact]
    public async Task Batches_WithoutItems_AreStoredFinished_AndNeverClaimed()
    {
        await Store.Batches.CreateAsync(new NewBatch("refused", "acct-a", "@cf/x/one", BatchKinds.OpenAi, Submitted, """{"errors":1}""", []));

        BatchSummary summary = (await Store.Batches.GetAsync("acct-a", "refused"))!;
        Assert.Equal((0, 0, 0, 0, Submitted, "completed"), (summary.Total, summary.Succeeded, summary.Failed, summary.Cancelled, summary.CompletedAt!.Value, summary.Status));
        Assert.Equal(["refused"], (await Store.Batches.ListAsync("acct-a", BatchKinds.OpenAi, 10)).Select(b => b.Id));
        Assert.Empty(await Store.Batches.ClaimAsync("node", 5, Submitted.AddMinutes(1), Lease));
        Assert.Empty(await Store.Batches.ItemsAsync("acct-a", "refused"));
    }
}
