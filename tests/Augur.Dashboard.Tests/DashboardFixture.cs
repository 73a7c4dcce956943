using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Augur.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Augur.Server.Dashboard.Tests;

/// <summary>
/// The real server (Kestrel on a random loopback port, the real engine on stories260K with LoRA enabled, a SQLite file in a temp folder)
/// with two accounts, and one headless Debian Chromium driven by Playwright. Shared by the dashboard tests, which run
/// one after another; each test opens its own browser context (its own cookies).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Model = "@local/stories260k";
    public const string Account = "account-a";
    public const string Token = "token-of-account-a-0123456789";
    public const string OtherAccount = "account-b";
    public const string OtherToken = "token-of-account-b-9876543210";

    /// <summary>Debian's package; Playwright downloads no browser here.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _data;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>Where screenshots go: <c>artifacts/screenshots</c> at the repository root (<c>.ci/run</c> prints it).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        _data = Path.Combine(Path.GetTempPath(), "augur-tests", "dashboard-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Augur:Models:0:Name"] = Model,
            ["Augur:Models:0:File"] = TestModels.Stories260KBin,
            ["Augur:Models:0:Tokenizer"] = TestModels.Tok512Bin,
            ["Augur:Models:0:Lora"] = "true",
            ["Augur:Threads"] = "1",
            ["Augur:DataDirectory"] = _data,
            ["Augur:KvCacheBytesPerModel"] = (16 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Augur:Tokens:0:Account"] = Account,
            ["Augur:Tokens:0:Token"] = Token,
            ["Augur:Tokens:1:Account"] = OtherAccount,
            ["Augur:Tokens:1:Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OtherToken))),
        };
        _app = AugurServer.Build([], configFile: null, settings);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single() + "/");
        Directory.CreateDirectory(ScreenshotDirectory);

        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(30_000); // the 5 s default is too short for a loaded 2-core machine
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (no cookies) at desktop width, or at <paramref name="width"/>.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: a loaded 2-core CI machine runs the engine and the browser at once
        page.PageError += (_, error) => Console.Error.WriteLine($"page error: {error}");
        page.Console += (_, message) => Console.Error.WriteLine($"console {message.Type}: {message.Text}");
        return page;
    }

    /// <summary>A fresh page logged in with <paramref name="token"/>, on the Overview.</summary>
    public async Task<IPage> LoggedInAsync(string token = Token, int width = 1280)
    {
        IPage page = await NewPageAsync(width);
        await page.GotoAsync("/login");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(BaseAddress.ToString());
        return page;
    }

    /// <summary>An API client with <paramref name="token"/> as its bearer token.</summary>
    public HttpClient Api(string token = Token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_data is not null && Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Augur.slnx")))
                return d.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
