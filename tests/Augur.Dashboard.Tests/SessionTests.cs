using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Augur.Server.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class SessionTests(DashboardFixture dashboard)
{
    [Fact]
    public async Task LoggedOutBrowser_IsSentToLogin_FromEveryPage()
    {
        IPage page = await dashboard.NewPageAsync();
        foreach (NavigationItem item in DashboardNavigation.Items)
        {
            await page.GotoAsync(item.Href);
            Assert.Matches(new Regex("/login\\?ReturnUrl="), page.Url);
        }
        await page.GotoAsync("/arena");
        Assert.EndsWith("/login?ReturnUrl=%2Farena", page.Url, StringComparison.Ordinal);
        IAPIResponse api = await page.APIRequest.GetAsync("/dashboard/api/usage");
        Assert.Equal(401, api.Status);
        await DashboardFixture.ScreenshotAsync(page, "login");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_WithAWrongToken_SaysSo_AndWithTheRightOne_ReturnsToThePageAsked()
    {
        IPage page = await dashboard.NewPageAsync();
        await page.GotoAsync("/models");
        await page.GetByLabel("API token").FillAsync("not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That token is not valid.");

        await page.GetByLabel("API token").FillAsync(DashboardFixture.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/models$"));
        await Assertions.Expect(page.GetByTestId("account-id")).ToHaveTextAsync(DashboardFixture.Account);
        IReadOnlyList<BrowserContextCookiesResult> cookies = await page.Context.CookiesAsync();
        BrowserContextCookiesResult session = Assert.Single(cookies, c => c.Name == DashboardSetup.CookieName);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/login$"));
        await page.GotoAsync("/");
        Assert.Contains("/login?ReturnUrl=", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ScriptCalls_WithoutTheAntiforgeryToken_AreRefused()
    {
        IPage page = await dashboard.LoggedInAsync();
        IAPIResponse forged = await page.APIRequest.PostAsync("/dashboard/api/arena/battles", new()
        {
            DataObject = new { variantA = DashboardFixture.Model, variantB = DashboardFixture.Model + "#ngram", prompt = "hi" },
        });
        Assert.Equal(400, forged.Status);
        Assert.Contains("stale", await forged.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
