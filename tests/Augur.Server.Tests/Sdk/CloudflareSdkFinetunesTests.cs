using System.Text.Json;
using Augur.Models.Lora;
using Augur.Server.Finetunes.Tests;
using Augur.Server.Tests;
using Augur.Tests.Common;

namespace Augur.Server.Sdk.Tests;

/// <summary>
/// The official Cloudflare SDK's finetunes methods (<c>finetunes.mjs</c>) against the real server: create, both asset
/// uploads, list, public list, then <c>ai.run</c> with <c>lora</c>. Node and <c>npm ci</c> in this folder are required.
/// </summary>
public sealed class CloudflareSdkFinetunesTests
{
    [Fact]
    public async Task CloudflareSdk_CreatesUploadsListsAndRunsWithLora()
    {
        await using AugurTestServer server = await FinetuneServer.StartAsync();
        using var directory = new TempDirectory();
        var (config, weights) = new RandomLoraAdapter(FinetuneServer.Stories260KConfig(), 8, 16, Enum.GetValues<LoraModule>(), seed: 11, bStd: 1f).WriteTo(directory.Path);

        using JsonDocument output = await RunAsync(server.BaseAddress.ToString(), AugurTestServer.Account, AugurTestServer.Token, AugurTestServer.Model, config, weights);
        JsonElement root = output.RootElement;

        string id = root.GetProperty("created").GetProperty("id").GetString()!;
        Assert.Equal("sdk-lora", root.GetProperty("created").GetProperty("name").GetString());
        Assert.Equal(2, root.GetProperty("uploads").GetArrayLength());
        Assert.Equal(id, Assert.Single(root.GetProperty("listed").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(0, root.GetProperty("public").GetArrayLength());
        Assert.NotEqual(root.GetProperty("withoutLora").GetProperty("response").GetString(), root.GetProperty("withLora").GetProperty("response").GetString());
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "finetunes", id, "adapter_model.safetensors")));
    }

    private static async Task<JsonDocument> RunAsync(params string[] args)
    {
        NodeScriptResult result = await NodeScript.RunAsync("finetunes.mjs", args);
        Assert.True(result.ExitCode == 0, $"node finetunes.mjs failed ({result.ExitCode}): {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput);
    }
}
