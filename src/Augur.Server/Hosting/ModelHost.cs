using Augur.Engine;
using Augur.Models;
using Augur.Server.Catalog;
using Microsoft.Extensions.Logging;

namespace Augur.Server.Hosting;

/// <summary>
/// The catalog and the engines that serve it: builds the catalog from the configuration and the model folders, loads
/// every model into one <see cref="EngineGroup"/> (one memory budget, one engine thread) and starts it.
/// </summary>
public sealed partial class ModelHost : IDisposable
{
    private readonly EngineGroup _group;

    private ModelHost(ModelCatalog catalog, EngineGroup group)
    {
        Catalog = catalog;
        _group = group;
    }

    public ModelCatalog Catalog { get; }

    /// <summary>The engine of a catalog entry.</summary>
    public AugurEngine Engine(CatalogEntry entry) => _group[entry.Name];

    /// <summary>Loads and starts every model; a configured model that fails to load fails the start, a found one is skipped with a warning.</summary>
    /// <exception cref="AugurConfigurationException">No model to serve, or a configured one cannot be loaded.</exception>
    public static ModelHost Start(AugurServerOptions options, ILoggerFactory loggerFactory)
    {
        ILogger logger = loggerFactory.CreateLogger<ModelHost>();
        var entries = new List<CatalogEntry>();
        var problems = new List<string>();
        var files = new HashSet<string>(StringComparer.Ordinal);

        foreach (CatalogModelOptions model in options.Models)
        {
            try
            {
                entries.Add(Describe(model.Name, model.File, model.Tokenizer, model));
                files.Add(Path.GetFullPath(model.File));
            }
            catch (ModelLoadException e)
            {
                problems.Add($"model {model.Name}: cannot load {e.Path}: {e.Fault}");
            }
        }

        foreach (string directory in ModelDirectories(options))
        {
            foreach (ModelDiscovery.Found found in ModelDiscovery.Scan(directory))
            {
                if (!files.Add(found.File))
                    continue;
                string name = ModelNames.ForLocalFile(found.File);
                if (entries.Any(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                {
                    Log.DuplicateName(logger, found.File, name);
                    continue;
                }
                try
                {
                    entries.Add(Describe(name, found.File, found.Tokenizer, null));
                }
                catch (ModelLoadException e)
                {
                    Log.Skipped(logger, found.File, e.Fault);
                }
            }
        }

        if (problems.Count == 0 && entries.Count == 0)
            problems.Add($"no models to serve: none is configured (Augur:Models) and none was found in {string.Join(", ", ModelDirectories(options))}.");
        if (problems.Count > 0)
            throw new AugurConfigurationException(problems);

        var models = entries.Select(e => new EngineModel(e.Name, e.File)
        {
            TokenizerPath = e.Tokenizer,
            Options = new EngineOptions { MaxWaitingSequences = options.MaxWaitingRequests, ContextLength = e.ContextWindow },
        }).ToList();
        long weights = entries.Sum(e => new FileInfo(e.File).Length);
        EngineGroup group;
        try
        {
            group = EngineGroup.Load(models, weights + (options.KvCacheBytesPerModel * entries.Count), options.Threads, loggerFactory);
        }
        catch (Exception e) when (e is ModelLoadException or ArgumentException)
        {
            throw new AugurConfigurationException($"cannot load the models: {e.Message}", e);
        }

        // The catalog shows each engine's real context window (the model's, capped by the configuration).
        var catalog = new ModelCatalog(entries.Select(e => e with { ContextWindow = group[e.Name].ContextLength }));
        group.Start();
        foreach (CatalogEntry entry in catalog.Entries)
            Log.Serving(logger, entry.Name, entry.File, entry.ContextWindow);
        return new ModelHost(catalog, group);
    }

    public void Dispose() => _group.Dispose();

    /// <summary>The configured folders, or <c>./models</c> and (when present) <c>../shared/models</c>.</summary>
    private static IEnumerable<string> ModelDirectories(AugurServerOptions options)
    {
        if (options.ModelDirectories is { Count: > 0 } configured)
            return configured.Select(Path.GetFullPath);
        string[] defaults = ["models", Path.Combine("..", "shared", "models")];
        return defaults.Select(Path.GetFullPath).Where(Directory.Exists);
    }

    /// <summary>Opens the file to read what the catalog shows (context length, chat template); the engine opens it again.</summary>
    private static CatalogEntry Describe(string name, string file, string? tokenizer, CatalogModelOptions? configured)
    {
        using ModelFile model = ModelFile.Open(file, tokenizer);
        return new CatalogEntry
        {
            Name = name,
            File = Path.GetFullPath(file),
            Tokenizer = tokenizer is null ? null : Path.GetFullPath(tokenizer),
            Description = configured?.Description ?? $"A local {model.Config.Architecture} model from {Path.GetFileName(file)} ({model.Config.BlockCount} layers, {model.Config.EmbeddingLength}-wide).",
            ContextWindow = configured is { ContextWindow: > 0 } ? Math.Min(configured.ContextWindow, model.Config.ContextLength) : model.Config.ContextLength,
            PriceInputPerMillion = configured?.PriceInputPerMillion ?? 0,
            PriceOutputPerMillion = configured?.PriceOutputPerMillion ?? 0,
            Capabilities = new ModelCapabilities(Lora: configured?.Lora ?? false, Beta: configured?.Beta ?? false),
            ChatTemplate = model.ChatTemplate,
            CreatedAt = File.GetLastWriteTimeUtc(file),
            InputSchemaJson = ModelSchemas.InputJson,
            InputSchema = ModelSchemas.Input,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Serving {Name} from {File} (context {Context} tokens)")]
        public static partial void Serving(ILogger logger, string name, string file, int context);

        [LoggerMessage(2, LogLevel.Warning, "Skipping {File}: {Fault}")]
        public static partial void Skipped(ILogger logger, string file, string fault);

        [LoggerMessage(3, LogLevel.Warning, "Skipping {File}: another model is already named {Name}")]
        public static partial void DuplicateName(ILogger logger, string file, string name);
    }
}
