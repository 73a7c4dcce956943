namespace Augur.Server.Storage.Tests;

/// <summary>The store contract on a real PostgreSQL: a fresh database of the test cluster for each test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster) : StoreContractTests
{
    private string? _connectionString;

    protected override async Task<SqlAugurStore> OpenAsync()
    {
        _connectionString ??= await cluster.CreateDatabaseAsync();
        return await PostgresAugurStore.OpenAsync(_connectionString);
    }
}
