using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Augur.Server.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class ArenaTests(DashboardFixture dashboard)
{
    private static readonly string Plain = DashboardFixture.Model, Speculating = DashboardFixture.Model + "#ngram";

    [Fact]
    public async Task Votes_MoveTheLeaderboard_AndStayWithTheirAccount()
    {
        IPage page = await dashboard.LoggedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Arena" }).ClickAsync();
        await page.GetByLabel("First variant").SelectOptionAsync(Plain);
        await page.GetByLabel("Second variant").SelectOptionAsync(Speculating);
        int votesBefore = await VotesAsync(page);

        // Two battles, each won by the answer shown as A: whichever variant that was gains.
        var winners = new List<string>();
        for (int round = 0; round < 2; round++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
            await Assertions.Expect(page.Locator("#answer-a")).Not.ToBeEmptyAsync();
            await Assertions.Expect(page.Locator("#answer-b")).Not.ToBeEmptyAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "A is better" }).ClickAsync();
            await Assertions.Expect(page.Locator("#reveal-a")).ToHaveTextAsync(new Regex("^A was "));
            winners.Add((await page.Locator("#reveal-a").InnerTextAsync())["A was ".Length..]);
            await Assertions.Expect(page.GetByTestId("leaderboard")).ToHaveAttributeAsync("data-votes", (votesBefore + round + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        ILocator rows = page.GetByTestId("leaderboard").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        if (winners[0] == winners[1])
            await Assertions.Expect(rows.First.Locator("td").First).ToHaveTextAsync(winners[0]); // two wins: on top
        await Assertions.Expect(page.Locator("#pairs tbody tr")).ToHaveCountAsync(1);
        await DashboardFixture.ScreenshotAsync(page, "arena");

        // Another account sees none of it.
        IPage other = await dashboard.LoggedInAsync(DashboardFixture.OtherToken);
        await other.GotoAsync("/arena");
        await Assertions.Expect(other.GetByTestId("leaderboard")).ToHaveAttributeAsync("data-votes", "0");
        await other.GotoAsync("/");
        await Assertions.Expect(other.GetByTestId("requests-today")).ToHaveTextAsync("0");
        await Assertions.Expect(other.GetByTestId("account-id")).ToHaveTextAsync(DashboardFixture.OtherAccount);
        await other.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AutomatedMode_FindsGreedySpeculationLossless()
    {
        IPage page = await dashboard.LoggedInAsync();
        await page.GotoAsync("/arena");
        await page.GetByLabel("Variant A").SelectOptionAsync(Plain);
        await page.GetByLabel("Variant B").SelectOptionAsync(Speculating);
        await page.GetByLabel("Max tokens").FillAsync("32");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        await Assertions.Expect(page.Locator("#auto-match")).ToHaveTextAsync("100.0% of 4");
        string difference = await page.Locator("#auto-diff").InnerTextAsync();
        double mean = double.Parse(difference.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(mean) < 0.01, difference);
        Assert.True(int.Parse(Regex.Match(difference, @"\((\d+) tokens\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, difference);
        await Assertions.Expect(page.Locator("#auto-rows tbody tr")).ToHaveCountAsync(4);
        await DashboardFixture.ScreenshotAsync(page, "arena-automated");
        await page.Context.CloseAsync();
    }

    private static async Task<int> VotesAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getElementById('leaderboard').dataset.votes !== undefined");
        return int.Parse(await page.GetByTestId("leaderboard").GetAttributeAsync("data-votes") ?? "", System.Globalization.CultureInfo.InvariantCulture);
    }
}
