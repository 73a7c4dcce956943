namespace Augur.Server.Accounts;

/// <summary>
/// Looks up who a request's credentials belong to. The first implementation is a static set from the configuration
/// (<see cref="ConfiguredTokenStore"/>); a database-backed store replaces it without touching the endpoints.
/// </summary>
public interface IApiTokenStore
{
    /// <summary>The principal the credentials authenticate, or null when they authenticate no one.</summary>
    ValueTask<ApiPrincipal?> AuthenticateAsync(ApiCredentials credentials, CancellationToken cancellationToken);
}

/// <summary>What a request presented: a bearer token (<see cref="Email"/> null) or the legacy <c>X-Auth-Key</c> + <c>X-Auth-Email</c> pair.</summary>
public sealed record ApiCredentials(string Secret, string? Email = null);

/// <summary>An authenticated caller: the account it acts for and the name of the token it used.</summary>
public sealed record ApiPrincipal(string AccountId, string TokenName)
{
    /// <summary>The caller of a <c>--dev-no-auth</c> server: may use any account id.</summary>
    public static ApiPrincipal Development { get; } = new("*", "dev-no-auth");

    /// <summary>True when this principal may act in <paramref name="accountId"/>.</summary>
    public bool CanAccess(string accountId) =>
        ReferenceEquals(this, Development) || string.Equals(AccountId, accountId, StringComparison.Ordinal);
}
