using Augur.Server.Hosting;

namespace Augur.Server.Accounts.Tests;

public sealed class ConfiguredTokenStoreTests
{
    private static readonly ConfiguredTokenStore Store = new(
    [
        new ApiTokenOptions { Account = "a", Name = "first", Token = "secret-token-number-one" },
        new ApiTokenOptions { Account = "b", Name = "second", Sha256 = Convert.ToHexString(ConfiguredTokenStore.Hash("secret-token-number-two")), Email = "b@example.com" },
    ]);

    [Theory]
    [InlineData("secret-token-number-one", null, "a")]
    [InlineData("secret-token-number-two", null, "b")]
    [InlineData("secret-token-number-two", "B@EXAMPLE.COM", "b")]
    [InlineData("secret-token-number-one", "b@example.com", null)] // a's token has no e-mail: no legacy form
    [InlineData("secret-token-number-three", null, null)]
    [InlineData("", null, null)]
    public async Task Authenticate_FindsTheTokensAccount(string secret, string? email, string? account)
    {
        ApiPrincipal? principal = await Store.AuthenticateAsync(new ApiCredentials(secret, email), CancellationToken.None);

        Assert.Equal(account, principal?.AccountId);
    }
}
