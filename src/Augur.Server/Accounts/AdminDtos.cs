using System.Text.Json.Serialization;
using Augur.Server.Storage;

namespace Augur.Server.Accounts;

/// <summary>An account as the admin API shows it.</summary>
public sealed record AdminAccount(
    string Id,
    string Plan,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? DailyFreeNeurons,
    DateTimeOffset CreatedAt)
{
    public static AdminAccount From(Account account) => new(account.Id, account.Plan, account.DailyFreeNeurons, account.CreatedAt);
}

/// <summary>A token as the admin API shows it; <see cref="Token"/> (the secret) only in the answer that created it.</summary>
public sealed record AdminToken(
    string Id,
    string AccountId,
    string Name,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? RevokedAt,
    string? Token)
{
    public static AdminToken From(StoredToken token, string? secret = null) =>
        new(token.Id, token.AccountId, token.Name, token.CreatedAt, token.RevokedAt, secret);
}
