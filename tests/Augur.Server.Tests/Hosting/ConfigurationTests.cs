using Augur.Tests.Common;

namespace Augur.Server.Hosting.Tests;

/// <summary>Start-up validation: a bad configuration fails once, naming each problem.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Augur:Threads", "-1", "Augur:Threads must be >= 0")]
    [InlineData("Augur:Threads", "two", "Augur:Threads")]
    [InlineData("Augur:MaxRequestBodyBytes", "10", "Augur:MaxRequestBodyBytes must be at least 1024")]
    [InlineData("Augur:Tokens:0:Account", "bad account!", "Augur:Tokens:0:Account must be")]
    [InlineData("Augur:Tokens:0:Token", "short", "at least 16 characters")]
    [InlineData("Augur:Tokens:1:Sha256", "abc", "Sha256 must be 64 hex digits")]
    [InlineData("Augur:Tokenz:0:Account", "a", "Tokenz")]
    [InlineData("Augur:Models:0:Name", "../../etc", "is not a model name")]
    [InlineData("Urls", "http://0.0.0.0:0", "")]
    public void Build_InvalidSetting_ThrowsNamingIt(string key, string value, string expected)
    {
        Dictionary<string, string?> settings = AugurTestServer.DefaultSettings();
        settings[key] = value;
        if (key == "Urls")
        {
            settings["Augur:DevNoAuth"] = "true";
            expected = "only on loopback";
        }

        AugurConfigurationException e = Assert.Throws<AugurConfigurationException>(() => AugurServer.Build([], null, settings));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoTokensAndNoDevMode_Throws()
    {
        Dictionary<string, string?> settings = AugurTestServer.DefaultSettings();
        foreach (string key in settings.Keys.Where(k => k.StartsWith("Augur:Tokens", StringComparison.Ordinal)).ToList())
            settings.Remove(key);

        AugurConfigurationException e = Assert.Throws<AugurConfigurationException>(() => AugurServer.Build([], null, settings));

        Assert.Contains("--dev-no-auth", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoModels_Throws()
    {
        using var empty = new TempDirectory();
        Dictionary<string, string?> settings = AugurTestServer.DefaultSettings();
        settings["Augur:ModelDirectories:0"] = empty.Path;

        AugurConfigurationException e = Assert.Throws<AugurConfigurationException>(() => AugurServer.Build([], null, settings));

        Assert.Contains("no models to serve", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ConfigFile_IsReadAndOverriddenBySettings()
    {
        using var directory = new TempDirectory();
        string file = directory.File("augur.json");
        await File.WriteAllTextAsync(file, $$"""
            { "Augur": { "Threads": 1, "ModelDirectories": [ "{{directory.Path}}" ], "Tokens": [ { "Account": "file", "Token": "token-from-the-config-file" } ] } }
            """);

        AugurConfigurationException e = Assert.Throws<AugurConfigurationException>(() => AugurServer.Build([], file, [new("Urls", "http://127.0.0.1:0")]));
        Assert.Contains($"found in {directory.Path}", e.Message, StringComparison.Ordinal);

        await using var app = AugurServer.Build([], file, [new("Urls", "http://127.0.0.1:0"), new("Augur:ModelDirectories:0", AugurTestServer.ModelDirectory)]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "token-from-the-config-file");
        using HttpResponseMessage response = await client.GetAsync("/client/v4/accounts/file/ai/models/search");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public void Build_MissingConfigFile_Throws()
    {
        AugurConfigurationException e = Assert.Throws<AugurConfigurationException>(() => AugurServer.Build([], "/nonexistent/augur.json"));

        Assert.Contains("/nonexistent/augur.json", e.Message, StringComparison.Ordinal);
    }
}
