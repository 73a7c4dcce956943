using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Augur.Server.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class PageTests(DashboardFixture dashboard)
{
    [Fact]
    public async Task Playground_StreamsTheAnswer_AndShowsItsUsageSpeedAndDrafts()
    {
        IPage page = await dashboard.LoggedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Playground" }).ClickAsync();
        await page.GetByLabel("Speculative decoding").SelectOptionAsync("ngram");
        await page.GetByLabel("Max tokens").FillAsync("120");
        await page.GetByLabel("Seed").FillAsync("7");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("Once upon a time, there was a little dog. The little dog");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        ILocator stats = page.GetByTestId("answer-stats");
        await Assertions.Expect(stats).ToBeVisibleAsync();
        string text = await stats.InnerTextAsync();
        Assert.Matches(new Regex(@"\d+ out"), text);
        Assert.Matches(new Regex(@"[\d.,]+ tok/s"), text);
        Assert.Matches(new Regex(@"\d+ drafted · \d+ accepted"), text);
        // The page counts the stream's text events as it renders each (data-events): the answer came as a stream of
        // pieces, not as one body, however the network happened to group them.
        int pieces = int.Parse(await page.Locator(".bubble.assistant .text").GetAttributeAsync("data-events") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pieces > 3, $"the answer arrived in {pieces} pieces");
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator(".bubble.assistant .text").InnerTextAsync()));
        await DashboardFixture.ScreenshotAsync(page, "playground");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overview_UsageChartsChange_AfterRequests()
    {
        IPage page = await dashboard.LoggedInAsync();
        double before = await ChartTotalAsync(page);
        using (HttpClient api = dashboard.Api())
        {
            for (int i = 0; i < 3; i++)
            {
                using var body = new StringContent("""{"prompt":"Once upon a time","max_tokens":8}""", System.Text.Encoding.UTF8, "application/json");
                (await api.PostAsync($"client/v4/accounts/{DashboardFixture.Account}/ai/run/{DashboardFixture.Model}", body)).EnsureSuccessStatusCode();
            }
        }
        await page.ReloadAsync();
        Assert.Equal(before + 3, await ChartTotalAsync(page));
        await page.GetByLabel("Metric", new() { Exact = true }).SelectOptionAsync("outputTokens");
        Assert.True(await page.EvaluateAsync<double>("() => Chart.getChart('usage-chart').data.datasets.flatMap(d => d.data).reduce((a, b) => a + b, 0)") >= 3 * 8 - 3);
        await Assertions.Expect(page.GetByTestId("usage-table")).ToContainTextAsync(DashboardFixture.Model);
        await DashboardFixture.ScreenshotAsync(page, "overview");

        IPage phone = await dashboard.LoggedInAsync(width: 390);
        await ChartTotalAsync(phone);
        await DashboardFixture.ScreenshotAsync(phone, "overview-phone");
        await phone.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ModelsAndEngine_ShowLiveFigures()
    {
        IPage page = await dashboard.LoggedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        ILocator model = page.Locator($"[data-model='{DashboardFixture.Model}']");
        await Assertions.Expect(model).ToContainTextAsync("Context window");
        await Assertions.Expect(model.Locator("[data-field=prefix]")).ToHaveTextAsync(new Regex(@"%$"));
        await DashboardFixture.ScreenshotAsync(page, "models");

        await page.GetByRole(AriaRole.Link, new() { Name = "Engine" }).ClickAsync();
        ILocator engine = page.Locator($"[data-engine='{DashboardFixture.Model}']");
        await Assertions.Expect(engine.Locator("[data-field=kv]")).ToHaveTextAsync(new Regex(@"blocks$"));
        // Auto-refresh adds a point to the throughput chart every two seconds.
        await page.WaitForFunctionAsync("() => Chart.getChart('throughput-chart').data.labels.length >= 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Auto-refresh: on" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Auto-refresh: off" })).ToHaveAttributeAsync("aria-pressed", "false");
        await DashboardFixture.ScreenshotAsync(page, "engine");
        await page.Context.CloseAsync();
    }

    private static async Task<double> ChartTotalAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getElementById('usage-chart').dataset.total !== undefined");
        return double.Parse(await page.Locator("#usage-chart").GetAttributeAsync("data-total") ?? "", System.Globalization.CultureInfo.InvariantCulture);
    }
}
