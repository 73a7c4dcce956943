using System.Text.RegularExpressions;

namespace Augur.Server.Accounts;

/// <summary>What an account id may be: 1 to 64 letters, digits, '-' and '_'.</summary>
public static partial class AccountIds
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();
}
