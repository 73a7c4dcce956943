using System.Text;
using Augur.Server.Storage;

namespace Augur.Server.Batches;

/// <summary>What the files of OpenAI's batch API share: their purposes, and how one is stored and described.</summary>
internal static class OpenAiFiles
{
    /// <summary>An uploaded batch input file.</summary>
    public const string BatchPurpose = "batch";

    /// <summary>A batch's output or error file.</summary>
    public const string OutputPurpose = "batch_output";

    /// <summary>Stores <paramref name="file"/> with its size taken from <paramref name="content"/>; false when its id was taken.</summary>
    public static Task<bool> StoreAsync(IAugurStore store, BatchFile file, string content, CancellationToken cancellationToken) =>
        store.Files.CreateAsync(file with { Bytes = Encoding.UTF8.GetByteCount(content) }, content, cancellationToken);

    /// <summary>OpenAI's file object for <paramref name="file"/>.</summary>
    public static OpenAiFileObject Describe(BatchFile file) =>
        new(file.Id, "file", file.Bytes, file.CreatedAt.ToUnixTimeSeconds(), file.FileName, file.Purpose, "processed", null);
}
