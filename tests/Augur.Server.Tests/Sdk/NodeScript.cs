using System.ComponentModel;
using System.Diagnostics;

namespace Augur.Server.Sdk.Tests;

/// <summary>The outcome of a Node script: its exit code and what it wrote.</summary>
public sealed record NodeScriptResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs a script of this folder (where <c>npm ci</c> installed the <c>cloudflare</c> package) with Node, up to 90 s.
/// Node and the package are required: their absence fails the test with what to do.
/// </summary>
public static class NodeScript
{
    public static async Task<NodeScriptResult> RunAsync(string script, params string[] args)
    {
        string folder = SdkFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "cloudflare")),
            $"the cloudflare npm package is not installed: run 'npm ci' in {folder} (.ci/run does)");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run 'node' ({e.Message}): Node.js must be installed and on PATH for the Cloudflare SDK tests.", e);
        }
        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {script} did not finish in 90 s: {await stderr}");
            }
            return new NodeScriptResult(process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>This folder in the source tree, found from the test binaries upward.</summary>
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
