using System.Data.Common;
using Npgsql;

namespace Augur.Server.Storage;

/// <summary>The store on PostgreSQL (12 or later), for servers that share one database; given by a connection string.</summary>
public sealed class PostgresAugurStore : SqlAugurStore
{
    private static readonly string[] Scripts =
    [
        """
        CREATE TABLE accounts (
            id TEXT PRIMARY KEY,
            plan TEXT NOT NULL,
            daily_free_neurons DOUBLE PRECISION NULL,
            created_at BIGINT NOT NULL);
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            name TEXT NOT NULL,
            sha256 BYTEA NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT NULL);
        CREATE INDEX api_tokens_account ON api_tokens (account_id);
        CREATE TABLE usage_records (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id TEXT NOT NULL,
            day TEXT NOT NULL,
            at BIGINT NOT NULL,
            model TEXT NOT NULL,
            adapter TEXT NULL,
            input_tokens BIGINT NOT NULL,
            cached_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL,
            neurons DOUBLE PRECISION NOT NULL,
            overage_neurons DOUBLE PRECISION NOT NULL,
            ttft_ms DOUBLE PRECISION NULL,
            duration_ms DOUBLE PRECISION NOT NULL,
            status TEXT NOT NULL);
        CREATE INDEX usage_records_account_day ON usage_records (account_id, day);
        """,
        ArenaSchema,
    ];

    private readonly NpgsqlDataSource _dataSource;

    private PostgresAugurStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override IReadOnlyList<string> SchemaScripts => Scripts;

    /// <summary>Two servers starting at once on one database migrate one after the other.</summary>
    protected override string MigrationLock => "SELECT pg_advisory_xact_lock(6511474301)";

    /// <summary>Connects with <paramref name="connectionString"/> and migrates the schema.</summary>
    public static async Task<PostgresAugurStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var store = new PostgresAugurStore(connectionString);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _dataSource.Dispose();
        base.Dispose(disposing);
    }
}
