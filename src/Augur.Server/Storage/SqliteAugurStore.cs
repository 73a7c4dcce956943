using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Augur.Server.Storage;

/// <summary>
/// The default store: one SQLite file (<see cref="FileName"/> in the data directory), in WAL mode so that readers do
/// not wait for the writer. Connections are pooled by Microsoft.Data.Sqlite.
/// </summary>
public sealed class SqliteAugurStore : SqlAugurStore
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "augur.db";

    private static readonly string[] Scripts =
    [
        """
        PRAGMA journal_mode = WAL;
        CREATE TABLE accounts (
            id TEXT PRIMARY KEY,
            plan TEXT NOT NULL,
            daily_free_neurons REAL NULL,
            created_at INTEGER NOT NULL);
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            name TEXT NOT NULL,
            sha256 BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER NULL);
        CREATE INDEX api_tokens_account ON api_tokens (account_id);
        CREATE TABLE usage_records (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id TEXT NOT NULL,
            day TEXT NOT NULL,
            at INTEGER NOT NULL,
            model TEXT NOT NULL,
            adapter TEXT NULL,
            input_tokens INTEGER NOT NULL,
            cached_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            neurons REAL NOT NULL,
            overage_neurons REAL NOT NULL,
            ttft_ms REAL NULL,
            duration_ms REAL NOT NULL,
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
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            completed_at INTEGER NULL,
            cancelled_at INTEGER NULL);
        CREATE INDEX batches_account ON batches (account_id, created_at);
        CREATE INDEX batches_completed ON batches (completed_at);
        CREATE TABLE batch_items (
            batch_id TEXT NOT NULL,
            item_index INTEGER NOT NULL,
            account_id TEXT NOT NULL,
            model TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            input TEXT NOT NULL,
            external_reference TEXT NULL,
            state TEXT NOT NULL,
            lease_owner TEXT NULL,
            lease_expires INTEGER NULL,
            attempts INTEGER NOT NULL,
            success INTEGER NOT NULL,
            result TEXT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            completed_by TEXT NULL,
            completed_at INTEGER NULL,
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
            created_at INTEGER NOT NULL,
            modified_at INTEGER NOT NULL,
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
            bytes INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            content TEXT NOT NULL);
        CREATE INDEX batch_files_account ON batch_files (account_id, created_at);
        """,
    ];

    private readonly string _connectionString;

    private SqliteAugurStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    protected override IReadOnlyList<string> SchemaScripts => Scripts;

    /// <summary>The database file of <paramref name="dataDirectory"/>.</summary>
    public static string PathIn(string dataDirectory) => System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileName);

    /// <summary>Opens (creating the folder and file as needed) the store of <paramref name="dataDirectory"/> and migrates its schema.</summary>
    public static async Task<SqliteAugurStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        Directory.CreateDirectory(System.IO.Path.GetFullPath(dataDirectory));
        var store = new SqliteAugurStore(PathIn(dataDirectory));
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override void Dispose(bool disposing)
    {
        // Pooled connections keep the file (and its WAL) open; let them go with the store.
        if (disposing)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        base.Dispose(disposing);
    }
}
