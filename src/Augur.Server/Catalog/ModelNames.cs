using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Augur.Server.Catalog;

/// <summary>Model names as Workers AI writes them: <c>@cf/author/model</c>, <c>@hf/…</c>, and <c>@local/model</c> for users' own files.</summary>
internal static partial class ModelNames
{
    /// <summary>The prefix of models found in the model directories.</summary>
    public const string LocalPrefix = "@local/";

    /// <summary>
    /// True for <c>@scope/segment[/segment…]</c> (at most four segments) where each segment is letters, digits, '.', '_'
    /// or '-' and is not <c>.</c> or <c>..</c>: nothing that could walk a path.
    /// </summary>
    public static bool IsWellFormed(string? name) =>
        name is { Length: <= 200 } && Pattern().IsMatch(name) && !name.Split('/').Any(s => s is "." or "..");

    /// <summary>The name a request gave, percent-decoded once (clients send <c>@cf/a/b</c> or <c>%40cf%2Fa%2Fb</c>).</summary>
    public static string FromPath(string raw)
    {
        try
        {
            return Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            return raw;
        }
    }

    /// <summary>An <c>@local/…</c> name for a file: its lower-cased stem, or its folder's name when the stem says nothing.</summary>
    public static string ForLocalFile(string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        if (stem is "model" or "ggml-model" or "weights")
            stem = Path.GetFileName(Path.GetDirectoryName(path)) ?? stem;
        var builder = new StringBuilder(stem.Length);
        foreach (char c in stem.ToLowerInvariant())
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        string cleaned = builder.ToString().Trim('.', '-');
        return LocalPrefix + (cleaned.Length == 0 ? "model" : cleaned);
    }

    /// <summary>A stable UUID for a name (the catalog's <c>id</c>), the same on every start.</summary>
    public static Guid IdFor(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("augur-model:" + name.ToLowerInvariant()), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5 layout (name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The author of a name: its second segment when it has three or more (<c>@cf/meta/…</c> → meta), else its scope.</summary>
    public static string AuthorOf(string name)
    {
        string[] parts = name.Split('/');
        return parts.Length >= 3 ? parts[1] : parts[0].TrimStart('@');
    }

    [GeneratedRegex("^@[a-z0-9][a-z0-9-]*(/[A-Za-z0-9._-]+){1,3}$")]
    private static partial Regex Pattern();
}
