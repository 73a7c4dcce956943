using System.Security.Cryptography;
using System.Text;
using Augur.Server.Hosting;

namespace Augur.Server.Accounts;

/// <summary>
/// The API tokens of the configuration, held only as SHA-256 hashes. A lookup hashes the presented secret and compares
/// it with every stored hash in constant time, without stopping at a match, so the time taken says nothing about which
/// token (if any) matched.
/// </summary>
public sealed class ConfiguredTokenStore : IApiTokenStore
{
    private readonly Entry[] _entries;

    public ConfiguredTokenStore(IEnumerable<ApiTokenOptions> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _entries = [.. tokens.Select(t => new Entry(
            t.Token is { Length: > 0 } secret ? Hash(secret) : Convert.FromHexString(t.Sha256!),
            t.Email,
            new ApiPrincipal(t.Account, t.Name)))];
    }

    public ValueTask<ApiPrincipal?> AuthenticateAsync(ApiCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        byte[] presented = Hash(credentials.Secret);
        ApiPrincipal? match = null;
        foreach (Entry entry in _entries)
        {
            bool same = CryptographicOperations.FixedTimeEquals(presented, entry.Hash);
            bool emailMatches = credentials.Email is null
                || (entry.Email is not null && string.Equals(entry.Email, credentials.Email, StringComparison.OrdinalIgnoreCase));
            if (same && emailMatches && match is null)
                match = entry.Principal;
        }
        return ValueTask.FromResult(match);
    }

    /// <summary>The SHA-256 of a token's UTF-8 bytes, as stored.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private sealed record Entry(byte[] Hash, string? Email, ApiPrincipal Principal);
}
