using System.Net.Http.Headers;
using System.Text;
using Augur.Server.Hosting;
using Augur.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Server.Tests;

/// <summary>
/// The real server on Kestrel at a random loopback port, serving the real engine on stories260K (from ../shared), with
/// two accounts and their tokens. Each test (or test class) starts its own.
/// </summary>
public sealed class AugurTestServer : IAsyncDisposable
{
    public const string Model = "@local/stories260k";
    public const string Account = "account-a";
    public const string Token = "token-of-account-a-0123456789";
    public const string Email = "a@example.com";
    public const string OtherAccount = "account-b";
    public const string OtherToken = "token-of-account-b-9876543210";

    private readonly WebApplication _app;

    private AugurTestServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = Authorized(Token);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with account A's bearer token.</summary>
    public HttpClient Client { get; }

    public ModelHost Models => _app.Services.GetRequiredService<ModelHost>();

    /// <summary>The folder the test server takes its models from: stories260K's, with its tok512.bin.</summary>
    public static string ModelDirectory => Path.GetDirectoryName(TestModels.Stories260KBin)!;

    /// <summary>Starts a server; <paramref name="configure"/> may change or add settings (configuration keys).</summary>
    /// <remarks><paramref name="time"/> replaces the system clock (dates of usage and the daily allocation).</remarks>
    public static async Task<AugurTestServer> StartAsync(Action<Dictionary<string, string?>>? configure = null, TimeProvider? time = null)
    {
        Dictionary<string, string?> settings = DefaultSettings();
        configure?.Invoke(settings);
        WebApplication app = AugurServer.Build([], configFile: null, settings, time);
        await app.StartAsync();
        return new AugurTestServer(app, new Uri(app.Urls.Single() + "/"));
    }

    /// <summary>The server's data directory (its SQLite file).</summary>
    public string DataDirectory => _app.Services.GetRequiredService<AugurServerOptions>().DataDirectory;

    /// <summary>The server's store (accounts, tokens, usage).</summary>
    public Storage.IAugurStore Store => _app.Services.GetRequiredService<Storage.IAugurStore>();

    private static readonly string DataDirectoryPrefix = Path.Combine(Path.GetTempPath(), "augur-tests", "server-data-");

    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Augur:ModelDirectories:0"] = ModelDirectory,
        ["Augur:Threads"] = "1",
        ["Augur:DataDirectory"] = DataDirectoryPrefix + Guid.NewGuid().ToString("N"),
        ["Augur:KvCacheBytesPerModel"] = (16 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Augur:Tokens:0:Account"] = Account,
        ["Augur:Tokens:0:Token"] = Token,
        ["Augur:Tokens:0:Email"] = Email,
        ["Augur:Tokens:1:Account"] = OtherAccount,
        ["Augur:Tokens:1:Sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(OtherToken))),
    };

    /// <summary>A client that sends <paramref name="token"/> as a bearer token (none when null).</summary>
    public HttpClient Authorized(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The Workers AI path of <c>run</c> for <paramref name="model"/> in <paramref name="account"/>.</summary>
    public static string RunPath(string model = Model, string account = Account) => $"client/v4/accounts/{account}/ai/run/{model}";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        string data = _app.Services.GetRequiredService<AugurServerOptions>().DataDirectory;
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (data.StartsWith(DataDirectoryPrefix, StringComparison.Ordinal) && Directory.Exists(data)) // only the folder DefaultSettings made
            Directory.Delete(data, recursive: true);
    }
}
