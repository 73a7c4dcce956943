namespace Augur.Benchmarks.Tokenizers;

/// <summary>Finds files of the shared folder (models, tokenizers) for the benchmarks.</summary>
internal static class SharedFiles
{
    /// <summary>
    /// <paramref name="relativePath"/> under <c>AUGUR_SHARED</c> if set, else under the first <c>shared</c> folder
    /// above the benchmark's binaries that holds it.
    /// </summary>
    public static string Find(string relativePath)
    {
        string? root = Environment.GetEnvironmentVariable("AUGUR_SHARED");
        if (!string.IsNullOrEmpty(root))
            return Path.Combine(root, relativePath);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", relativePath);
            if (File.Exists(candidate))
                return candidate;
        }

        throw new FileNotFoundException($"shared/{relativePath} not found above {AppContext.BaseDirectory}; set AUGUR_SHARED.");
    }
}
