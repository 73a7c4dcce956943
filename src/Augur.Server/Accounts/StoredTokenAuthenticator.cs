using System.Security.Cryptography;
using Augur.Server.Storage;

namespace Augur.Server.Accounts;

/// <summary>
/// Authenticates the tokens of the store (<see cref="ApiTokens"/>' form): the id finds the row, then the presented
/// token's SHA-256 is compared with the stored one in constant time. Revoked tokens authenticate no one. The store is
/// read on every request, so a revocation takes effect at once. Bearer only: the legacy key + e-mail pair is not
/// accepted for stored tokens.
/// </summary>
public sealed class StoredTokenAuthenticator(ITokenStore tokens) : IApiTokenStore
{
    public async ValueTask<ApiPrincipal?> AuthenticateAsync(ApiCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.Email is not null || !ApiTokens.TryGetId(credentials.Secret, out string id))
            return null;
        StoredToken? stored = await tokens.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
            return null;
        bool same = CryptographicOperations.FixedTimeEquals(ApiTokens.Hash(credentials.Secret), stored.Sha256);
        return same && stored.RevokedAt is null ? new ApiPrincipal(stored.AccountId, stored.Name) : null;
    }
}
