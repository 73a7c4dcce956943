using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Augur.Server.Storage.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: <c>initdb</c> in a temp folder, <c>pg_ctl start</c> on a free loopback
/// port, trust authentication, fsync off; stopped and deleted at the end. PostgreSQL refuses to run as root, so as
/// root the cluster belongs to the <c>postgres</c> user (Debian's package makes it) and its commands run through
/// <c>runuser</c>. Nothing is skipped: without PostgreSQL, the tests that need it fail, saying why.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string SuperUser = "augur";
    private string _root = "";
    private string _bin = "";
    private bool _asPostgresUser;

    public int Port { get; private set; }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = SuperUser, Database = database, Pooling = true, MaxPoolSize = 10 }.ToString();

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _asPostgresUser = Environment.UserName == "root";
        _root = Path.Combine(Path.GetTempPath(), "augur-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        if (_asPostgresUser)
            await RunAsync("chown", "postgres", _root);
        Port = FreePort();
        string data = Path.Combine(_root, "data");
        await RunPostgresAsync("initdb", "-D", data, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        await RunPostgresAsync("pg_ctl", "-D", data, "-l", Path.Combine(_root, "log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(Path.Combine(_root, "data")))
                await RunPostgresAsync("pg_ctl", "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The folder with initdb and pg_ctl: on the PATH, or Debian's /usr/lib/postgresql/N/bin.</summary>
    private static string FindBinaries()
    {
        IEnumerable<string> candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no initdb and pg_ctl on the PATH or in /usr/lib/postgresql/*/bin): apt-get install postgresql.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPostgresAsync(string program, params string[] args) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args])
            : RunAsync(Path.Combine(_bin, program), args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}

/// <summary>The tests that share one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
