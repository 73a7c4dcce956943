using System.ComponentModel;
using System.Diagnostics;
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
        string folder = SdkFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "cloudflare")), $"run 'npm ci' in {folder} (.ci/run does)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("finetunes.mjs");
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run 'node' ({e.Message}): Node.js must be on PATH for the Cloudflare SDK test.", e);
        }
        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node finetunes.mjs did not finish in 90 s: {await stderr}");
            }
            Assert.True(process.ExitCode == 0, $"node finetunes.mjs failed ({process.ExitCode}): {await stderr}");
            return JsonDocument.Parse(await stdout);
        }
    }

    private static string SdkFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Augur.Server.Tests", "Sdk");
            if (File.Exists(Path.Combine(candidate, "package.json")))
                return candidate;
        }
        throw new DirectoryNotFoundException($"tests/Augur.Server.Tests/Sdk not found above {AppContext.BaseDirectory}");
    }
}
