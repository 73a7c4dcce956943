using System.Text.Json;
using Microsoft.Playwright;

namespace Augur.Server.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class BatchesTests(DashboardFixture dashboard)
{
    private static readonly string[] Prompts = ["Once upon a time", "The little dog", "Lily and Ben went to the park"];

    [Fact]
    public async Task Batch_SubmittedOnThePage_FinishesThere_DownloadsItsResults_AndStaysInItsAccount()
    {
        IPage page = await dashboard.LoggedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Batches" }).ClickAsync();
        await page.GetByLabel("Model").SelectOptionAsync(DashboardFixture.Model);
        await page.GetByLabel("Max tokens per answer").FillAsync("12");
        await page.GetByLabel("Prompts (one per line)").FillAsync(string.Join("\n", Prompts) + "\n\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit batch" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Submitted ");
        string id = (await page.GetByRole(AriaRole.Status).InnerTextAsync()).Replace("Submitted ", "", StringComparison.Ordinal).Trim();
        ILocator row = page.Locator($"[data-batch='{id}']");
        // The list polls by itself until the batch is done.
        await Assertions.Expect(row.Locator("[data-field=status]")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(row.Locator("[data-field=progress]")).ToHaveTextAsync($"{Prompts.Length} / {Prompts.Length}");
        await Assertions.Expect(row.Locator("[data-field=failed]")).ToHaveTextAsync("0");
        await Assertions.Expect(row).ToContainTextAsync("workers-ai");

        ILocator items = page.GetByTestId("batch-items").Locator("tbody tr");
        await Assertions.Expect(items).ToHaveCountAsync(Prompts.Length);
        await Assertions.Expect(items.Nth(1)).ToContainTextAsync("\"line-2\"");
        await Assertions.Expect(items.Nth(1)).ToContainTextAsync("succeeded");
        IReadOnlyList<string> previews = await page.GetByTestId("batch-items").Locator("[data-field=preview]").AllTextContentsAsync();
        await DashboardFixture.ScreenshotAsync(page, "batches");

        IDownload json = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download JSON", Exact = true }).ClickAsync());
        using (JsonDocument document = JsonDocument.Parse(await File.ReadAllTextAsync(await json.PathAsync())))
        {
            JsonElement root = document.RootElement;
            Assert.True(root.GetProperty("success").GetBoolean());
            JsonElement[] responses = [.. root.GetProperty("result").GetProperty("responses").EnumerateArray()];
            Assert.Equal(Prompts.Length, responses.Length);
            for (int i = 0; i < responses.Length; i++)
            {
                Assert.Equal(i, responses[i].GetProperty("id").GetInt32());
                Assert.True(responses[i].GetProperty("success").GetBoolean());
                Assert.Equal($"line-{i + 1}", responses[i].GetProperty("external_reference").GetString());
                string answer = responses[i].GetProperty("result").GetProperty("response").GetString() ?? "";
                Assert.False(string.IsNullOrWhiteSpace(answer));
                Assert.Equal(answer, previews[i]); // 12 tokens: short enough to be shown whole
            }
            Assert.True(root.GetProperty("result").GetProperty("usage").GetProperty("completion_tokens").GetInt64() > 0);
        }
        IDownload jsonl = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download JSONL" }).ClickAsync());
        string[] lines = (await File.ReadAllTextAsync(await jsonl.PathAsync())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Prompts.Length, lines.Length);
        using (JsonDocument line = JsonDocument.Parse(lines[2]))
            Assert.Equal(2, line.RootElement.GetProperty("id").GetInt32());
        await page.Context.CloseAsync();

        // Another account lists none of it and cannot open it.
        IPage other = await dashboard.LoggedInAsync(DashboardFixture.OtherToken);
        await other.GetByRole(AriaRole.Link, new() { Name = "Batches" }).ClickAsync();
        await Assertions.Expect(other.Locator("#batches-updated")).ToContainTextAsync("Updated");
        await Assertions.Expect(other.Locator($"[data-batch='{id}']")).ToHaveCountAsync(0);
        Assert.Equal(404, await other.EvaluateAsync<int>("id => fetch(`/dashboard/api/batches/${id}`).then(r => r.status)", id));
        Assert.Equal(404, await other.EvaluateAsync<int>("id => fetch(`/dashboard/api/batches/${id}/results`).then(r => r.status)", id));
        await other.Context.CloseAsync();
    }
}
