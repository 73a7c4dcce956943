using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Augur.Server.Batches.Tests;

/// <summary>
/// The real <c>augur serve</c> (augur.dll, built beside the tests) as a child process on a free loopback port,
/// configured by <c>AUGUR_…</c> variables, serving stories260K with account A's token. Killing it is a SIGKILL.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AugurTestServer.Token);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with account A's token.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts a server with <paramref name="settings"/> (e.g. <c>DATADIRECTORY</c>, <c>BATCHES__NODEID</c>, without the <c>AUGUR_</c> prefix) and waits until it answers.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "augur.dll"));
        start.ArgumentList.Add("serve");
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("AUGUR_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["AUGUR_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["AUGUR_MODELDIRECTORIES__0"] = AugurTestServer.ModelDirectory;
        start.Environment["AUGUR_THREADS"] = "1";
        start.Environment["AUGUR_KVCACHEBYTESPERMODEL"] = (16 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["AUGUR_TOKENS__0__ACCOUNT"] = AugurTestServer.Account;
        start.Environment["AUGUR_TOKENS__0__TOKEN"] = AugurTestServer.Token;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach ((string name, string value) in settings)
            start.Environment["AUGUR_" + name] = value;

        Process process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"augur serve exited with {process.ExitCode}: {output}");
            try
            {
                using HttpResponseMessage models = await server.Client.GetAsync("v1/models");
                if (models.StatusCode == HttpStatusCode.OK)
                    return server;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"augur serve did not answer in 60 s: {output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-step, mid-transaction, whatever it was doing.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
