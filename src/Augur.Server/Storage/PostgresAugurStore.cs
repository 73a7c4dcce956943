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
        """
        CREATE TABLE batches (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            model TEXT NOT NULL,
            kind TEXT NOT NULL,
            options TEXT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            completed_at BIGINT NULL,
            cancelled_at BIGINT NULL);
        CREATE INDEX batches_account ON batches (account_id, created_at);
        CREATE INDEX batches_completed ON batches (completed_at);
        CREATE TABLE batch_items (
            batch_id TEXT NOT NULL,
            item_index INTEGER NOT NULL,
            account_id TEXT NOT NULL,
            model TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            input TEXT NOT NULL,
            external_reference TEXT NULL,
            state TEXT NOT NULL,
            lease_owner TEXT NULL,
            lease_expires BIGINT NULL,
            attempts INTEGER NOT NULL,
            success INTEGER NOT NULL,
            result TEXT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            completed_by TEXT NULL,
            completed_at BIGINT NULL,
            PRIMARY KEY (batch_id, item_index));
        CREATE INDEX batch_items_queue ON batch_items (state, created_at, batch_id, item_index);
        CREATE INDEX batch_items_owner ON batch_items (lease_owner);
        """,
        """
        CREATE TABLE finetunes (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            name TEXT NOT NULL,
            model TEXT NOT NULL,
            description TEXT NULL,
            created_at BIGINT NOT NULL,
            modified_at BIGINT NOT NULL,
            has_config INTEGER NOT NULL,
            has_weights INTEGER NOT NULL,
            UNIQUE (account_id, name));
        """,
        ArenaSchema,
        """
        ALTER TABLE batch_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'workers-ai';
        CREATE TABLE batch_files (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            filename TEXT NOT NULL,
            purpose TEXT NOT NULL,
            bytes BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            content TEXT NOT NULL);
        CREATE INDEX batch_files_account ON batch_files (account_id, created_at);
        """,
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

    /// <summary>Concurrent claimers skip the rows another one is taking instead of waiting for them.</summary>
    protected override string ClaimLocking => " FOR UPDATE SKIP LOCKED";

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _dataSource.Dispose();
        base.Dispose(disposing);
    }
}
