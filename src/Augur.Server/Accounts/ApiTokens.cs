using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Augur.Server.Storage;

namespace Augur.Server.Accounts;

/// <summary>A token just issued: the secret (shown once, never stored) and what is stored.</summary>
/// <param name="Secret">The whole token, as clients send it: <c>augur_{id}_{secret}</c>.</param>
/// <param name="Stored">Its stored form: the id, the account, and the SHA-256 of <paramref name="Secret"/>.</param>
public sealed record IssuedToken(string Secret, StoredToken Stored);

/// <summary>
/// The form of stored API tokens: <c>augur_</c>, a public id of 16 hex digits, <c>_</c>, and 32 random bytes in
/// base64url (43 characters). The id finds the row; the SHA-256 of the whole token is then compared in constant time.
/// </summary>
public static partial class ApiTokens
{
    private const string Prefix = "augur_";
    private const int IdLength = 16;

    /// <summary>Makes a new random token for <paramref name="accountId"/>.</summary>
    public static IssuedToken Issue(string accountId, string name, DateTimeOffset now)
    {
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        string secret = $"{Prefix}{id}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
        return new IssuedToken(secret, new StoredToken(id, accountId, name, Hash(secret), now, null));
    }

    /// <summary>The public id inside <paramref name="token"/>, when it has this form.</summary>
    public static bool TryGetId(string token, out string id)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length > Prefix.Length + IdLength + 1 && token.StartsWith(Prefix, StringComparison.Ordinal) && token[Prefix.Length + IdLength] == '_')
        {
            id = token.Substring(Prefix.Length, IdLength);
            if (HexId().IsMatch(id))
                return true;
        }
        id = "";
        return false;
    }

    /// <summary>True when <paramref name="id"/> could be a token id (16 lowercase hex digits).</summary>
    public static bool IsId(string? id) => id is not null && HexId().IsMatch(id);

    /// <summary>The SHA-256 of the token's UTF-8 bytes.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex HexId();
}
