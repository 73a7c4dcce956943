using System.Data.Common;
using System.Globalization;
using Augur.Server.Accounts;
using Augur.Server.Storage;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur tokens create --account ID [--name N] [--plan free|paid]</c>, <c>augur tokens list [--account ID]</c> and
/// <c>augur tokens revoke TOKEN_ID</c>, on the server's store: SQLite in <c>--data-dir</c> (default
/// <c>$AUGUR_DATADIRECTORY</c>, else <c>./data</c>, as <c>augur serve</c>) or PostgreSQL with <c>--postgres CONN</c>
/// (default <c>$AUGUR_POSTGRESCONNECTIONSTRING</c>). <c>create</c> prints the new token alone on stdout, once: only
/// its SHA-256 is stored. A running server sees new and revoked tokens at once.
/// </summary>
internal static class TokensCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("create" or "list" or "revoke"))
            throw new UsageException("tokens takes create, list or revoke (e.g. augur tokens create --account ID)");
        CommandLine line = CommandLine.Parse("tokens " + args[0], args.Skip(1).ToArray());
        string dataDirectory = line.String("data-dir") ?? Environment.GetEnvironmentVariable("AUGUR_DATADIRECTORY") ?? AugurStores.DefaultDataDirectory;
        string? postgres = line.String("postgres") ?? Environment.GetEnvironmentVariable("AUGUR_POSTGRESCONNECTIONSTRING");
        try
        {
            return args[0] switch
            {
                "create" => Create(line, dataDirectory, postgres),
                "list" => List(line, dataDirectory, postgres),
                _ => Revoke(line, dataDirectory, postgres),
            };
        }
        catch (DbException e)
        {
            Console.Error.WriteLine($"augur: the token store failed: {e.Message}");
            return 1;
        }
    }

    private static int Create(CommandLine line, string dataDirectory, string? postgres)
    {
        string account = line.RequiredString("account");
        string name = line.String("name") ?? "token";
        string plan = line.String("plan") ?? AccountPlans.Free;
        line.EnsureAllUsed();
        if (!AccountIds.IsValid(account))
            throw new UsageException($"--account must be 1 to 64 letters, digits, '-' or '_', not '{account}'");
        if (!AccountPlans.IsValid(plan))
            throw new UsageException($"--plan must be free or paid, not '{plan}'");
        using IAugurStore store = Open(dataDirectory, postgres);
        IssuedToken issued;
        try
        {
            issued = AccountAdministration.IssueTokenAsync(store, account, name, plan, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter", 2)[0]);
        }
        Console.Out.WriteLine(issued.Secret);
        Console.Error.WriteLine($"created token {issued.Stored.Id} ('{name}') for account {account}; it is shown only this once.");
        return 0;
    }

    private static int List(CommandLine line, string dataDirectory, string? postgres)
    {
        string? account = line.String("account");
        line.EnsureAllUsed();
        using IAugurStore store = Open(dataDirectory, postgres);
        IReadOnlyList<StoredToken> tokens = store.Tokens.ListAsync(account).GetAwaiter().GetResult();
        Console.Out.WriteLine($"{"ID",-16}  {"ACCOUNT",-24}  {"NAME",-20}  {"CREATED (UTC)",-19}  STATUS");
        foreach (StoredToken token in tokens)
        {
            string status = token.RevokedAt is { } at ? "revoked " + Time(at) : "valid";
            Console.Out.WriteLine($"{token.Id,-16}  {token.AccountId,-24}  {token.Name,-20}  {Time(token.CreatedAt),-19}  {status}");
        }
        return 0;
    }

    private static int Revoke(CommandLine line, string dataDirectory, string? postgres)
    {
        string id = line.Positionals(1, "one token id (augur tokens revoke TOKEN_ID)")[0];
        line.EnsureAllUsed();
        if (!ApiTokens.IsId(id))
            throw new UsageException($"'{id}' is not a token id (16 hex digits, as augur tokens list shows)");
        using IAugurStore store = Open(dataDirectory, postgres);
        if (!store.Tokens.RevokeAsync(id, null, DateTimeOffset.UtcNow).GetAwaiter().GetResult())
        {
            Console.Error.WriteLine($"augur: no valid token {id}");
            return 1;
        }
        Console.Out.WriteLine($"revoked {id}");
        return 0;
    }

    private static IAugurStore Open(string dataDirectory, string? postgres) =>
        AugurStores.OpenAsync(dataDirectory, postgres).GetAwaiter().GetResult();

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
