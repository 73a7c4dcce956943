namespace Augur.Server.Catalog;

/// <summary>Finds model files in folders: every <c>.gguf</c>, and every llama2.c <c>.bin</c> with its tokenizer beside it.</summary>
internal static class ModelDiscovery
{
    /// <summary>Tokenizer files a llama2.c checkpoint may have beside it, in the order they are tried.</summary>
    private static readonly string[] TokenizerNames = ["tokenizer.bin", "tok512.bin", "tok4096.bin", "tok32000.bin"];

    private const int MaxDepth = 3;

    /// <summary>A model file found on disk.</summary>
    public sealed record Found(string File, string? Tokenizer);

    /// <summary>The model files under <paramref name="directory"/>, at most three levels deep, in path order.</summary>
    public static IReadOnlyList<Found> Scan(string directory)
    {
        var found = new List<Found>();
        if (Directory.Exists(directory))
            Walk(new DirectoryInfo(directory), 0, found);
        return found;
    }

    private static void Walk(DirectoryInfo directory, int depth, List<Found> found)
    {
        FileInfo[] files;
        DirectoryInfo[] children;
        try
        {
            files = directory.GetFiles();
            children = directory.GetDirectories();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // an unreadable folder holds nothing we can serve
        }

        foreach (FileInfo file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (file.Extension.Equals(".gguf", StringComparison.OrdinalIgnoreCase))
            {
                found.Add(new Found(file.FullName, null));
            }
            else if (file.Extension.Equals(".bin", StringComparison.OrdinalIgnoreCase) && !IsTokenizer(file.Name))
            {
                string? tokenizer = TokenizerNames.Select(n => Path.Combine(directory.FullName, n)).FirstOrDefault(File.Exists);
                if (tokenizer is not null)
                    found.Add(new Found(file.FullName, tokenizer));
            }
        }
        if (depth + 1 >= MaxDepth)
            return;
        foreach (DirectoryInfo child in children.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (!child.Attributes.HasFlag(FileAttributes.ReparsePoint))
                Walk(child, depth + 1, found);
        }
    }

    private static bool IsTokenizer(string name) =>
        TokenizerNames.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("tok", StringComparison.OrdinalIgnoreCase);
}
