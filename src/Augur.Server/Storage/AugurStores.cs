namespace Augur.Server.Storage;

/// <summary>Opens the store the settings name: PostgreSQL when a connection string is given, else SQLite in the data directory.</summary>
public static class AugurStores
{
    /// <summary>The data directory when none is configured, relative to the current directory.</summary>
    public const string DefaultDataDirectory = "./data";

    /// <summary>Opens and migrates the store.</summary>
    /// <param name="dataDirectory">Where the SQLite file lives (created when missing).</param>
    /// <param name="postgresConnectionString">A PostgreSQL connection string; when given, <paramref name="dataDirectory"/> is not used.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    public static async Task<IAugurStore> OpenAsync(string dataDirectory, string? postgresConnectionString, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(postgresConnectionString)
            ? await SqliteAugurStore.OpenAsync(dataDirectory, cancellationToken).ConfigureAwait(false)
            : await PostgresAugurStore.OpenAsync(postgresConnectionString, cancellationToken).ConfigureAwait(false);
}
