using System.Text.RegularExpressions;

namespace Augur.Models.Hub;

/// <summary>
/// One file of a hub repository at a revision: <c>owner/name</c>, a path inside the repository, and a branch, tag or
/// commit. Validated so that it cannot escape the URL it names or the folder it is saved to.
/// </summary>
public sealed partial record HubFile
{
    /// <summary>The default revision.</summary>
    public const string MainRevision = "main";

    /// <summary>Validates and builds the reference.</summary>
    /// <exception cref="ArgumentException">The repository, path or revision is malformed.</exception>
    public HubFile(string repository, string path, string revision = MainRevision)
    {
        if (!RepositoryPattern().IsMatch(repository) || repository.EndsWith("/.", StringComparison.Ordinal) || repository.EndsWith("/..", StringComparison.Ordinal))
            throw new ArgumentException($"a repository is owner/name (letters, digits, '-', '_', '.'), got '{repository}'", nameof(repository));
        string[] segments = path.Split('/');
        if (path.Length == 0 || path.Contains('\\', StringComparison.Ordinal) || segments.Any(s => s.Length == 0 || s is "." or ".." || s.Any(char.IsControl)))
            throw new ArgumentException($"a file is a relative path inside the repository, got '{path}'", nameof(path));
        if (revision.Length == 0 || revision.Split('/').Any(s => s.Length == 0 || s is "." or "..") || revision.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            throw new ArgumentException($"not a revision: '{revision}'", nameof(revision));
        Repository = repository;
        Path = path;
        Revision = revision;
    }

    public string Repository { get; }

    /// <summary>The file's path inside the repository ('/'-separated).</summary>
    public string Path { get; }

    public string Revision { get; }

    /// <summary>The file's name, which it is saved under.</summary>
    public string FileName => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary><c>{endpoint}/{repository}/resolve/{revision}/{path}</c>, each part percent-encoded.</summary>
    public Uri ResolveUrl(Uri endpoint)
    {
        string root = endpoint.AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}/{Repository}/resolve/{Uri.EscapeDataString(Revision)}/{string.Join('/', Path.Split('/').Select(Uri.EscapeDataString))}");
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9._-]{1,96}$")]
    private static partial Regex RepositoryPattern();
}
