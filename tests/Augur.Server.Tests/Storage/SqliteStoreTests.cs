using Augur.Tests.Common;

namespace Augur.Server.Storage.Tests;

/// <summary>The store contract on SQLite, in a file of a temp folder.</summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override async Task<SqlAugurStore> OpenAsync() => await SqliteAugurStore.OpenAsync(_directory.Path);

    [Fact]
    public void Open_CreatesTheFileInTheDataDirectory() =>
        Assert.True(File.Exists(Path.Combine(_directory.Path, SqliteAugurStore.FileName)));

    public void Dispose() => _directory.Dispose();
}
