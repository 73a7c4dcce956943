using System.Globalization;

namespace Augur.Bench.Http;

/// <summary>
/// The configuration of a benchmark's in-process server: loopback on a free port, no authentication, one catalog entry
/// (<see cref="ModelName"/>) for the model under test, and a fresh temporary folder for its model scan and its data
/// (accounts, usage, the batch queue) so that a run sees nothing of another.
/// </summary>
public static class BenchServerSettings
{
    /// <summary>The model's name in the catalog.</summary>
    public const string ModelName = "@local/bench";

    /// <summary>Workers AI's <c>run</c> route for <see cref="ModelName"/>.</summary>
    public const string RunPath = "client/v4/accounts/bench/ai/run/" + ModelName;

    /// <summary>The settings, and the temporary folder they point at (the caller deletes it when the server has stopped).</summary>
    public static (Dictionary<string, string?> Settings, string Folder) Create(string folderPrefix, string modelPath, string? tokenizerPath, int threads, long kvCacheBytes)
    {
        string folder = Directory.CreateTempSubdirectory(folderPrefix).FullName;
        CultureInfo c = CultureInfo.InvariantCulture;
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Augur:DevNoAuth"] = "true",
            ["Augur:ModelDirectories:0"] = folder, // empty: the catalog holds only the model under test
            ["Augur:DataDirectory"] = Path.Combine(folder, "data"),
            ["Augur:Models:0:Name"] = ModelName,
            ["Augur:Models:0:File"] = Path.GetFullPath(modelPath),
            ["Augur:Models:0:Tokenizer"] = tokenizerPath is null ? null : Path.GetFullPath(tokenizerPath),
            ["Augur:Threads"] = threads.ToString(c),
            ["Augur:KvCacheBytesPerModel"] = kvCacheBytes.ToString(c),
            ["Augur:MaxWaitingRequests"] = "4096",
        };
        return (settings, folder);
    }
}
