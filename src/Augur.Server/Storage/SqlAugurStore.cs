using System.Data.Common;

namespace Augur.Server.Storage;

/// <summary>
/// The SQL shared by the SQLite and PostgreSQL stores: plain ADO.NET with <c>@name</c> parameters, which both
/// providers take. Times are Unix milliseconds (UTC), days ISO dates (<c>yyyy-MM-dd</c>), so the two behave alike.
/// A subclass gives its connections and its schema scripts; <see cref="MigrateAsync"/> applies the missing ones.
/// </summary>
public abstract partial class SqlAugurStore : IAugurStore, IAccountStore, ITokenStore, IUsageStore, IBatchStore, IArenaStore
{
    public IAccountStore Accounts => this;

    public ITokenStore Tokens => this;

    public IUsageStore Usage => this;

    public IArenaStore Arena => this;

    /// <summary>The schema, one script per version (version n is <c>SchemaScripts[n - 1]</c>); never edit a released script, add one.</summary>
    protected abstract IReadOnlyList<string> SchemaScripts { get; }

    /// <summary>A statement run first in the migration's transaction, to keep two starting servers apart; null when the transaction itself locks.</summary>
    protected virtual string? MigrationLock => null;

    /// <summary>A new, closed connection.</summary>
    protected abstract DbConnection CreateConnection();

    /// <summary>Creates the schema, or brings an older one up to date, in one transaction. Returns the schema version.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (MigrationLock is string lockSql)
            await ExecuteAsync(connection, transaction, lockSql, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);

        await using DbCommand read = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        read.Transaction = transaction;
        int version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        for (; version < SchemaScripts.Count; version++)
        {
            await ExecuteAsync(connection, transaction, SchemaScripts[version], cancellationToken).ConfigureAwait(false);
            await using DbCommand mark = Command(connection, "INSERT INTO schema_version (version) VALUES (@v)", ("@v", version + 1));
            mark.Transaction = transaction;
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Releases the connections (pools, data sources) the store holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using DbCommand command = Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a statement on a connection of its own; returns the rows it changed.</summary>
    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a query on a connection of its own and maps each row.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, sql, parameters);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(map(reader));
        return rows;
    }

    private static long Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
