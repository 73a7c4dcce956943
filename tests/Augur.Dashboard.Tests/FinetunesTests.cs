using Augur.Models;
using Augur.Models.Lora;
using Augur.Tests.Common;
using Microsoft.Playwright;

namespace Augur.Server.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class FinetunesTests(DashboardFixture dashboard)
{
    private const string Name = "story-tuner";

    [Fact]
    public async Task Finetune_CreatedAndUploadedThroughThePage_AdaptsThePlaygroundsAnswers_AndStaysInItsAccount()
    {
        using var directory = new TempDirectory();
        ModelConfig config;
        using (ModelFile file = ModelFile.Open(TestModels.Stories260KBin, TestModels.Tok512Bin))
            config = file.Config;
        var (adapterConfig, adapterWeights) = new RandomLoraAdapter(config, 8, 16, Enum.GetValues<LoraModule>(), seed: 21, bStd: 1f).WriteTo(directory.Path);

        IPage page = await dashboard.LoggedInAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Finetunes" }).ClickAsync();
        await CreateAsync(page, Name, "A random adapter made by the test");
        ILocator row = page.Locator($"[data-finetune='{Name}']");
        await Assertions.Expect(row.Locator("[data-field=files]")).ToContainTextAsync("✗ adapter_config.json");
        await Assertions.Expect(row).ToContainTextAsync(DashboardFixture.Model);

        // The API's checks and errors apply: the weights are far above the size allowed for adapter_config.json.
        await page.GetByLabel($"adapter_config.json of {Name}").SetInputFilesAsync(adapterWeights);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Upload files of {Name}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("adapter_config.json is larger than the");

        await page.GetByLabel($"adapter_config.json of {Name}").SetInputFilesAsync(adapterConfig);
        await page.GetByLabel($"adapter_model.safetensors of {Name}").SetInputFilesAsync(adapterWeights);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Upload files of {Name}" }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-field=files]")).ToContainTextAsync("✓ adapter_config.json");
        await Assertions.Expect(row.Locator("[data-field=files]")).ToContainTextAsync("✓ adapter_model.safetensors");

        // A second one, deleted again.
        await CreateAsync(page, "short-lived", "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete short-lived" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-finetune='short-lived']")).ToHaveCountAsync(0);
        await Assertions.Expect(row).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "finetunes");
        string id = await row.GetAttributeAsync("data-id") ?? "";

        // The Playground: the same greedy prompt with and without the adapter.
        await page.GetByRole(AriaRole.Link, new() { Name = "Playground" }).ClickAsync();
        await page.Locator("#raw").CheckAsync();
        await page.GetByLabel("Temperature").FillAsync("0");
        await page.GetByLabel("Max tokens").FillAsync("40");
        string plain = await AskAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await page.GetByLabel("Adapter (LoRA)").SelectOptionAsync(new SelectOptionValue { Label = Name });
        string adapted = await AskAsync(page);
        Assert.NotEqual(plain, adapted);
        await page.Context.CloseAsync();

        // Another account sees none of it, and cannot delete it.
        IPage other = await dashboard.LoggedInAsync(DashboardFixture.OtherToken);
        await other.GetByRole(AriaRole.Link, new() { Name = "Finetunes" }).ClickAsync();
        await Assertions.Expect(other.Locator("#finetunes-empty")).ToBeVisibleAsync();
        Assert.Equal(404, await other.EvaluateAsync<int>("id => augur.post(`/dashboard/api/finetunes/${id}/delete`, {}).then(r => r.status)", id));
        await other.GetByRole(AriaRole.Link, new() { Name = "Playground" }).ClickAsync();
        await Assertions.Expect(other.Locator("#adapter option")).ToHaveCountAsync(1);
        await Assertions.Expect(other.GetByLabel("Adapter (LoRA)")).ToBeDisabledAsync();
        await other.Context.CloseAsync();
    }

    private static async Task CreateAsync(IPage page, string name, string description)
    {
        await page.GetByLabel("Base model").SelectOptionAsync(DashboardFixture.Model);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Description").FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create finetune" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-finetune='{name}']")).ToBeVisibleAsync();
    }

    private static async Task<string> AskAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("Once upon a time");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("answer-stats")).ToBeVisibleAsync();
        string answer = await page.Locator(".bubble.assistant .text").InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(answer));
        return answer;
    }
}
