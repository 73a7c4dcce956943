using Augur.Server.Storage;

namespace Augur.Server.Accounts;

/// <summary>What both <c>augur tokens</c> and the admin API do: issue a token (creating its account when new), list, revoke.</summary>
public static class AccountAdministration
{
    /// <summary>
    /// Issues a token for <paramref name="accountId"/>, first creating the account on <paramref name="plan"/> when the
    /// store does not hold it. Returns the token (its secret is in no store: show it once).
    /// </summary>
    /// <exception cref="ArgumentException">The account id, name or plan is not valid.</exception>
    public static async Task<IssuedToken> IssueTokenAsync(IAugurStore store, string accountId, string name, string plan, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!AccountIds.IsValid(accountId))
            throw new ArgumentException($"the account id must be 1 to 64 letters, digits, '-' or '_', not '{accountId}'", nameof(accountId));
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            throw new ArgumentException("the token name must be 1 to 100 characters", nameof(name));
        if (!AccountPlans.IsValid(plan))
            throw new ArgumentException($"the plan must be 'free' or 'paid', not '{plan}'", nameof(plan));

        await store.Accounts.CreateAsync(new Account(accountId, plan, null, now), cancellationToken).ConfigureAwait(false);
        IssuedToken issued = ApiTokens.Issue(accountId, name, now);
        await store.Tokens.CreateAsync(issued.Stored, cancellationToken).ConfigureAwait(false);
        return issued;
    }
}
