namespace Augur.Server.Storage;

/// <summary>
/// The files of OpenAI's <c>/v1/files</c>: batch input files as uploaded, and the output and error files of finished
/// batches. Every query names the account: another account's file is simply not found.
/// </summary>
public interface IBatchFileStore
{
    /// <summary>Stores <paramref name="file"/> with its <paramref name="content"/> (UTF-8 text); false (nothing changed) when its id is taken.</summary>
    Task<bool> CreateAsync(BatchFile file, string content, CancellationToken cancellationToken = default);

    /// <summary>The file <paramref name="id"/> of <paramref name="accountId"/>, or null.</summary>
    Task<BatchFile?> GetAsync(string accountId, string id, CancellationToken cancellationToken = default);

    /// <summary>The content of file <paramref name="id"/> of <paramref name="accountId"/>, or null.</summary>
    Task<string?> ContentAsync(string accountId, string id, CancellationToken cancellationToken = default);

    /// <summary>The files of <paramref name="accountId"/>, newest first, at most <paramref name="limit"/>, only of <paramref name="purpose"/> when given.</summary>
    Task<IReadOnlyList<BatchFile>> ListAsync(string accountId, string? purpose, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes file <paramref name="id"/> of <paramref name="accountId"/>; false when there is none.</summary>
    Task<bool> DeleteAsync(string accountId, string id, CancellationToken cancellationToken = default);
}

/// <summary>A stored file's metadata.</summary>
/// <param name="Id">Its id (<c>file-…</c>).</param>
/// <param name="AccountId">Whose it is.</param>
/// <param name="FileName">The name it was uploaded with (or given, for output files).</param>
/// <param name="Purpose"><c>batch</c> for inputs, <c>batch_output</c> for output and error files.</param>
/// <param name="Bytes">Its size in bytes (UTF-8).</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record BatchFile(string Id, string AccountId, string FileName, string Purpose, long Bytes, DateTimeOffset CreatedAt);
