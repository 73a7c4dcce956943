using Augur.Server.Accounts;

namespace Augur.Server.Storage.Tests;

/// <summary>
/// What every <see cref="IAugurStore"/> must do, run against each implementation by a subclass: accounts, tokens and
/// usage, each query scoped by account.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, 123, TimeSpan.Zero);
    private SqlAugurStore? _store;

    protected SqlAugurStore Store => _store ?? throw new InvalidOperationException("not opened");

    /// <summary>Opens the same (initially empty) database each time it is called within one test.</summary>
    protected abstract Task<SqlAugurStore> OpenAsync();

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
    }

    [Fact]
    public async Task Migrate_AgainAndOnReopen_KeepsVersionAndData()
    {
        await Store.Accounts.CreateAsync(new Account("kept", AccountPlans.Paid, 5, Noon));

        Assert.Equal(5, await Store.MigrateAsync());
        await using SqlAugurStore again = await OpenAsync();

        Assert.Equal(5, await again.MigrateAsync());
        Assert.Equal(AccountPlans.Paid, (await again.Accounts.GetAsync("kept"))!.Plan);
    }

    [Fact]
    public async Task Accounts_CreateGetListUpdate()
    {
        Assert.True(await Store.Accounts.CreateAsync(new Account("b-account", AccountPlans.Free, null, Noon)));
        Assert.True(await Store.Accounts.CreateAsync(new Account("a-account", AccountPlans.Paid, 2500.5, Noon.AddDays(1))));

        Account? a = await Store.Accounts.GetAsync("a-account");
        Assert.Equal(new Account("a-account", AccountPlans.Paid, 2500.5, Noon.AddDays(1)), a);
        Assert.Null((await Store.Accounts.GetAsync("b-account"))!.DailyFreeNeurons);
        Assert.Null(await Store.Accounts.GetAsync("nobody"));
        Assert.Equal(["a-account", "b-account"], (await Store.Accounts.ListAsync()).Select(x => x.Id));

        Assert.True(await Store.Accounts.UpdateAsync(a! with { Plan = AccountPlans.Free, DailyFreeNeurons = null }));
        Assert.Equal(new Account("a-account", AccountPlans.Free, null, Noon.AddDays(1)), await Store.Accounts.GetAsync("a-account"));
        Assert.False(await Store.Accounts.UpdateAsync(new Account("nobody", AccountPlans.Paid, null, Noon)));
    }

    [Fact]
    public async Task Accounts_CreateOfATakenId_ChangesNothing()
    {
        Assert.True(await Store.Accounts.CreateAsync(new Account("dup", AccountPlans.Free, 1, Noon)));

        Assert.False(await Store.Accounts.CreateAsync(new Account("dup", AccountPlans.Paid, 2, Noon.AddDays(3))));

        Assert.Equal(new Account("dup", AccountPlans.Free, 1, Noon), await Store.Accounts.GetAsync("dup"));
    }

    [Fact]
    public async Task Tokens_CreateFindListRevoke_ScopedByAccount()
    {
        IssuedToken a1 = ApiTokens.Issue("acct-a", "first", Noon);
        IssuedToken a2 = ApiTokens.Issue("acct-a", "second", Noon.AddSeconds(1));
        IssuedToken b1 = ApiTokens.Issue("acct-b", "b's", Noon.AddSeconds(2));
        Assert.False(await Store.Tokens.AnyValidAsync());
        foreach (IssuedToken t in new[] { a1, a2, b1 })
            await Store.Tokens.CreateAsync(t.Stored);

        StoredToken found = (await Store.Tokens.FindAsync(a1.Stored.Id))!;
        Assert.Equal(a1.Stored.Sha256, found.Sha256);
        Assert.Equal((a1.Stored.Id, "acct-a", "first", Noon, (DateTimeOffset?)null), (found.Id, found.AccountId, found.Name, found.CreatedAt, found.RevokedAt));
        Assert.Equal([a1.Stored.Id, a2.Stored.Id], (await Store.Tokens.ListAsync("acct-a")).Select(t => t.Id));
        Assert.Equal([b1.Stored.Id], (await Store.Tokens.ListAsync("acct-b")).Select(t => t.Id));
        Assert.Equal(3, (await Store.Tokens.ListAsync(null)).Count);
        Assert.True(await Store.Tokens.AnyValidAsync());

        Assert.False(await Store.Tokens.RevokeAsync(b1.Stored.Id, "acct-a", Noon.AddHours(1))); // another account's token
        Assert.Null((await Store.Tokens.FindAsync(b1.Stored.Id))!.RevokedAt);
        Assert.True(await Store.Tokens.RevokeAsync(a1.Stored.Id, "acct-a", Noon.AddHours(1)));
        Assert.False(await Store.Tokens.RevokeAsync(a1.Stored.Id, null, Noon.AddHours(2))); // already revoked: keeps the first time
        Assert.Equal(Noon.AddHours(1), (await Store.Tokens.FindAsync(a1.Stored.Id))!.RevokedAt);
        Assert.Null(await Store.Tokens.FindAsync("0000000000000000"));
    }

    [Fact]
    public async Task Tokens_AnyValid_IsFalseOnceAllAreRevoked()
    {
        IssuedToken only = ApiTokens.Issue("acct", "only", Noon);
        await Store.Tokens.CreateAsync(only.Stored);

        await Store.Tokens.RevokeAsync(only.Stored.Id, null, Noon);

        Assert.False(await Store.Tokens.AnyValidAsync());
    }

    [Fact]
    public async Task Usage_SumsByUtcDayAndModel_ScopedByAccount()
    {
        DateTimeOffset lastMs = new(2026, 3, 14, 23, 59, 59, 999, TimeSpan.Zero);
        DateTimeOffset midnight = lastMs.AddMilliseconds(1);
        await Store.Usage.RecordAsync(Record("acct-a", lastMs, "@cf/x/one", 10, 2, 5, 100.25, 0));
        await Store.Usage.RecordAsync(Record("acct-a", lastMs.AddHours(-3), "@cf/x/one", 1, 0, 1, 0.5, 0.5));
        await Store.Usage.RecordAsync(Record("acct-a", lastMs.AddHours(-1), "@cf/x/two", 7, 0, 0, 3, 0));
        await Store.Usage.RecordAsync(Record("acct-a", midnight, "@cf/x/one", 4, 4, 4, 9, 1));
        await Store.Usage.RecordAsync(Record("acct-b", lastMs, "@cf/x/one", 1000, 0, 1000, 5000, 0));
        // In another time zone the same instant is still the 15th in UTC.
        await Store.Usage.RecordAsync(Record("acct-a", new DateTimeOffset(2026, 3, 14, 20, 0, 0, TimeSpan.FromHours(-5)), "@cf/x/two", 1, 0, 0, 1, 0));

        var day = new DateOnly(2026, 3, 14);
        Assert.Equal(103.75, await Store.Usage.NeuronsOnAsync("acct-a", day));
        Assert.Equal(10, await Store.Usage.NeuronsOnAsync("acct-a", day.AddDays(1)));
        Assert.Equal(5000, await Store.Usage.NeuronsOnAsync("acct-b", day));
        Assert.Equal(0, await Store.Usage.NeuronsOnAsync("acct-c", day));

        IReadOnlyList<UsageTotals> totals = await Store.Usage.DailyAsync("acct-a", day, day.AddDays(1));
        Assert.Equal(
        [
            new UsageTotals(day, "@cf/x/one", 2, 11, 2, 6, 100.75, 0.5),
            new UsageTotals(day, "@cf/x/two", 1, 7, 0, 0, 3, 0),
            new UsageTotals(day.AddDays(1), "@cf/x/one", 1, 4, 4, 4, 9, 1),
            new UsageTotals(day.AddDays(1), "@cf/x/two", 1, 1, 0, 0, 1, 0),
        ], totals);
        Assert.Equal(2, (await Store.Usage.DailyAsync("acct-a", day, day)).Count);
        Assert.Empty(await Store.Usage.DailyAsync("acct-a", day.AddDays(2), day.AddDays(9)));
    }

    [Fact]
    public async Task Usage_ConcurrentRecords_AreAllKept()
    {
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            Store.Usage.RecordAsync(Record("busy", Noon.AddSeconds(i), "@cf/x/one", i, 0, 1, 1, 0))));

        UsageTotals total = Assert.Single(await Store.Usage.DailyAsync("busy", DateOnly.FromDateTime(Noon.UtcDateTime), DateOnly.FromDateTime(Noon.UtcDateTime)));
        Assert.Equal((24L, 276L, 24.0), (total.Requests, total.InputTokens, total.Neurons));
    }

    private static UsageRecord Record(string account, DateTimeOffset at, string model, int input, int cached, int output, double neurons, double overage) =>
        new(account, at, model, null, input, cached, output, neurons, overage, 12.5, 40, UsageStatus.Success);

    [Fact]
    public async Task Finetunes_CreateFindListAssetsDelete_ScopedByAccount()
    {
        var first = new Finetune("id-1", "acct", "my-lora", "@cf/m", "desc", Noon, Noon);
        Assert.True(await Store.Finetunes.CreateAsync(first));
        Assert.False(await Store.Finetunes.CreateAsync(first with { Id = "id-2" }));             // name taken in the account
        Assert.True(await Store.Finetunes.CreateAsync(first with { Id = "id-3", AccountId = "other" })); // not in another
        Assert.True(await Store.Finetunes.CreateAsync(new Finetune("id-4", "acct", "second", "@cf/m", null, Noon.AddMinutes(1), Noon.AddMinutes(1))));

        Assert.Equal(first, await Store.Finetunes.FindAsync("acct", "id-1"));
        Assert.Equal(first, await Store.Finetunes.FindAsync("acct", "my-lora"));
        Assert.Null(await Store.Finetunes.FindAsync("acct", "id-3"));
        Assert.Null((await Store.Finetunes.FindAsync("acct", "second"))!.Description);
        Assert.Equal(["id-1", "id-4"], (await Store.Finetunes.ListAsync("acct")).Select(f => f.Id));

        Assert.True(await Store.Finetunes.AddAssetAsync("acct", "id-1", FinetuneAsset.Config, Noon.AddHours(1)));
        Assert.False(await Store.Finetunes.AddAssetAsync("acct", "id-1", FinetuneAsset.Config, Noon.AddHours(2))); // immutable
        Assert.False(await Store.Finetunes.AddAssetAsync("other", "id-1", FinetuneAsset.Weights, Noon));        // not its account
        Finetune? half = await Store.Finetunes.FindAsync("acct", "id-1");
        Assert.True(half!.HasConfig);
        Assert.False(half.IsComplete);
        Assert.Equal(Noon.AddHours(1), half.ModifiedAt);
        Assert.True(await Store.Finetunes.AddAssetAsync("acct", "id-1", FinetuneAsset.Weights, Noon.AddHours(3)));
        Assert.True((await Store.Finetunes.FindAsync("acct", "id-1"))!.IsComplete);

        Assert.False(await Store.Finetunes.DeleteAsync("other", "id-1"));
        Assert.True(await Store.Finetunes.DeleteAsync("acct", "id-1"));
        Assert.Null(await Store.Finetunes.FindAsync("acct", "id-1"));
        Assert.NotNull(await Store.Finetunes.FindAsync("other", "my-lora"));
    }
}
