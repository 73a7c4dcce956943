using System.Collections;
using Augur.Server.Accounts;
using Augur.Server.Apis;
using Augur.Server.Batches;
using Augur.Server.Dashboard;
using Augur.Server.Generation;
using Augur.Server.Hosting;
using Augur.Server.Json;
using Augur.Server.Metering;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augur.Server;

/// <summary>
/// Builds the Augur HTTP server: the composition root that <c>augur serve</c> and the tests share. The returned
/// application has loaded and started its models; <c>StartAsync</c>/<c>RunAsync</c> it, and dispose it to stop.
/// </summary>
public static class AugurServer
{
    /// <summary>Where the server listens when nothing says otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8787";

    /// <summary>
    /// Builds the server. Configuration, later sources winning: <paramref name="configFile"/> (or <c>augur.json</c> in the
    /// current directory, when present), <c>AUGUR_…</c> environment variables (<c>AUGUR_THREADS=2</c> sets
    /// <c>Augur:Threads</c>, <c>AUGUR_URLS</c> sets <c>Urls</c>), <paramref name="args"/> in ASP.NET Core's
    /// command-line syntax (<c>--Augur:Threads=2</c>), then <paramref name="settings"/>.
    /// </summary>
    /// <exception cref="AugurConfigurationException">The configuration is invalid, or no model can be served.</exception>
    /// <remarks><paramref name="timeProvider"/> (default the system clock) dates usage and resets the daily allocations.</remarks>
    public static WebApplication Build(string[] args, string? configFile = null, IEnumerable<KeyValuePair<string, string?>>? settings = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });

        // :: Configuration: augur.json < AUGUR_ variables < command line < explicit settings.
        if (configFile is not null && !File.Exists(configFile))
            throw new AugurConfigurationException($"the configuration file {configFile} does not exist.");
        builder.Configuration.AddJsonFile(Path.GetFullPath(configFile ?? "augur.json"), optional: configFile is null, reloadOnChange: false);
        builder.Configuration.AddInMemoryCollection(AugurEnvironmentVariables());
        builder.Configuration.AddCommandLine(args);
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);

        AugurServerOptions options = BindOptions(builder.Configuration);
        string[] urls = (builder.Configuration["Urls"] ?? DefaultUrls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        AugurServerOptionsValidator.Validate(options, urls);

        // :: Kestrel: the listening addresses and the body limit (3006 past it).
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + RequestBody.DrainBytes;
        });

        // :: Services: the options, the store (accounts, tokens, usage), the token sources, the meter, the models.
        IAugurStore store = OpenStore(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton(_ => store); // created by a factory, so the container disposes it with the app
        builder.Services.AddSingleton<IApiTokenStore>(new CompositeTokenStore(new ConfiguredTokenStore(options.Tokens), new StoredTokenAuthenticator(store.Tokens)));
        builder.Services.AddSingleton<UsageMeter>();
        builder.Services.AddSingleton(sp => ModelHost.Start(options, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<TextGenerator>();
        builder.Services.AddAugurBatches(options);
        builder.Services.AddSingleton<Finetunes.FinetuneService>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJson.Context));
        builder.Services.AddAugurMetrics();
        builder.Services.AddAugurOpenApi();
        builder.Services.AddAugurDashboard();

        WebApplication app;
        try
        {
            app = builder.Build();
        }
        catch
        {
            store.Dispose();
            throw;
        }
        try
        {
            _ = app.Services.GetRequiredService<IAugurStore>();
            _ = app.Services.GetRequiredService<ModelHost>(); // load the models now: a bad one fails the start, not the first request
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        // :: Routes.
        app.MapWorkersAi();
        app.MapOpenAi();
        app.MapAugurMetrics();
        app.MapAugurOpenApi();
        app.MapAdmin();
        app.MapAugurDashboard();
        return app;
    }

    /// <summary>
    /// Opens and migrates the store, and checks that some credential can get in. With SQLite and no database yet, a
    /// server without any other credential fails before it creates one.
    /// </summary>
    private static IAugurStore OpenStore(AugurServerOptions options)
    {
        bool postgres = !string.IsNullOrEmpty(options.PostgresConnectionString);
        if (!postgres && !File.Exists(SqliteAugurStore.PathIn(options.DataDirectory)))
            AugurServerOptionsValidator.RequireCredentials(options, static () => false);
        IAugurStore store;
        try
        {
            store = AugurStores.OpenAsync(options.DataDirectory, options.PostgresConnectionString).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new AugurConfigurationException(postgres
                ? $"cannot open the PostgreSQL database (Augur:PostgresConnectionString): {e.Message}"
                : $"cannot open the database in {Path.GetFullPath(options.DataDirectory)} (Augur:DataDirectory): {e.Message}", e);
        }
        try
        {
            AugurServerOptionsValidator.RequireCredentials(options, () => store.Tokens.AnyValidAsync().GetAwaiter().GetResult());
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static AugurServerOptions BindOptions(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(AugurServerOptions.SectionName).Get<AugurServerOptions>(binder => binder.ErrorOnUnknownConfiguration = true)
                ?? new AugurServerOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new AugurConfigurationException([$"{e.Message}{(e.InnerException is null ? "" : " " + e.InnerException.Message)}"]);
        }
    }

    /// <summary><c>AUGUR_X__Y=v</c> as <c>Augur:X:Y=v</c>; <c>AUGUR_URLS</c> as ASP.NET Core's own <c>Urls</c>.</summary>
    private static Dictionary<string, string?> AugurEnvironmentVariables()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is not string name || !name.StartsWith("AUGUR_", StringComparison.OrdinalIgnoreCase) || name.Equals("AUGUR_SHARED", StringComparison.OrdinalIgnoreCase))
                continue;
            string key = name["AUGUR_".Length..].Replace("__", ":", StringComparison.Ordinal);
            values[key.Equals("URLS", StringComparison.OrdinalIgnoreCase) ? "Urls" : $"{AugurServerOptions.SectionName}:{key}"] = variable.Value as string;
        }
        return values;
    }
}
