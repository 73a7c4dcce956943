using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Augur.Cli.Tests;
using Augur.Server;
using Augur.Server.Storage;
using Augur.Tests.Common;
using Microsoft.AspNetCore.Builder;

namespace Augur.Cli.Commands.Tests;

/// <summary><c>augur tokens</c> against a real store, with the real server using what it made.</summary>
public sealed partial class TokensCommandTests
{
    [Fact]
    public async Task Create_PrintsATokenTheServerAccepts_UntilRevoke()
    {
        using var data = new TempDirectory();

        var created = AugurProcess.Run("tokens", "create", "--account", "cli-acct", "--name", "laptop", "--data-dir", data.Path);
        Assert.True(created.ExitCode == 0, created.StandardError);
        string token = created.StandardOutput.Trim();
        Match match = TokenForm().Match(token);
        Assert.True(match.Success, $"not a token: '{created.StandardOutput}'");
        string id = match.Groups[1].Value;
        Assert.Contains(id, created.StandardError, StringComparison.Ordinal);

        // Only the hash is stored: the secret appears nowhere in the database files.
        byte[] secret = Encoding.UTF8.GetBytes(token[(token.LastIndexOf('_') + 1)..]);
        foreach (string file in Directory.GetFiles(data.Path))
            Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(secret));

        // A server with no configured token starts on the stored one, and takes it.
        await using WebApplication server = AugurServer.Build([], null, new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Augur:ModelDirectories:0"] = Path.GetDirectoryName(TestModels.Stories260KBin),
            ["Augur:Threads"] = "1",
            ["Augur:KvCacheBytesPerModel"] = (16 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Augur:DataDirectory"] = data.Path,
        });
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls.Single() + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var body = new StringContent("""{"prompt":"Once","max_tokens":2}""", Encoding.UTF8, "application/json");
        using HttpResponseMessage served = await client.PostAsync("client/v4/accounts/cli-acct/ai/run/@local/stories260k", body);
        using HttpResponseMessage foreign = await client.GetAsync("client/v4/accounts/someone-else/ai/models/search");
        string listed = AugurProcess.Run("tokens", "list", "--account", "cli-acct", "--data-dir", data.Path).StandardOutput;

        var revoked = AugurProcess.Run("tokens", "revoke", id, "--data-dir", data.Path);
        using HttpResponseMessage afterRevoke = await client.GetAsync("client/v4/accounts/cli-acct/ai/models/search");
        string listedAfter = AugurProcess.Run("tokens", "list", "--data-dir", data.Path).StandardOutput;
        var again = AugurProcess.Run("tokens", "revoke", id, "--data-dir", data.Path);
        await server.StopAsync();

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Matches($@"{id}\s+cli-acct\s+laptop\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\s+valid", listed);
        Assert.Equal((0, $"revoked {id}"), (revoked.ExitCode, revoked.StandardOutput.Trim()));
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Matches($@"{id}\s+cli-acct\s+laptop\s+.*revoked \d{{4}}-", listedAfter);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no valid token", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TwiceForOneAccount_GivesDistinctTokens_AndKeepsThePlan()
    {
        using var data = new TempDirectory();

        var first = AugurProcess.Run("tokens", "create", "--account", "twice", "--plan", "paid", "--data-dir", data.Path);
        var second = AugurProcess.Run("tokens", "create", "--account", "twice", "--data-dir", data.Path);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.NotEqual(first.StandardOutput, second.StandardOutput);
        await using IAugurStore store = await AugurStores.OpenAsync(data.Path, null);
        Assert.Equal(AccountPlans.Paid, (await store.Accounts.GetAsync("twice"))!.Plan);
        Assert.Equal(2, (await store.Tokens.ListAsync("twice")).Count);
    }

    [Theory]
    [InlineData("tokens")]
    [InlineData("tokens", "rotate")]
    [InlineData("tokens", "create")]
    [InlineData("tokens", "create", "--account", "bad/account")]
    [InlineData("tokens", "create", "--account", "ok", "--plan", "gold")]
    [InlineData("tokens", "create", "--account", "ok", "--bogus", "1")]
    [InlineData("tokens", "revoke", "not-an-id")]
    [InlineData("tokens", "revoke")]
    public void BadUsage_Exits2_WithoutTouchingAStore(params string[] args)
    {
        using var data = new TempDirectory();

        var result = AugurProcess.Run([.. args, "--data-dir", data.Path]);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
        Assert.Empty(Directory.GetFileSystemEntries(data.Path));
    }

    [GeneratedRegex("^augur_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$")]
    private static partial Regex TokenForm();
}
