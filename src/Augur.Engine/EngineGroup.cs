using Augur.Engine.Model;
using Augur.Engine.Speculative;
using Augur.Models;
using Augur.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augur.Engine;

/// <summary>
/// Several models served side by side inside one memory budget: each has its own <see cref="AugurEngine"/>, and they
/// share one worker pool and one engine thread, which steps them in turn. The budget pays for the weights first (each
/// model's file size, and its draft's) and what is left goes to the KV caches, split by <see cref="EngineModel.KvShare"/>;
/// a model with a draft gives an eighth of its share to the draft's cache.
/// </summary>
public sealed class EngineGroup : IDisposable
{
    private readonly List<IDisposable> _owned;
    private readonly Dictionary<string, AugurEngine> _engines;
    private readonly Dictionary<string, ModelFile> _files;
    private readonly ILogger _logger;
    private EngineLoop? _loop;

    private EngineGroup(Dictionary<string, AugurEngine> engines, Dictionary<string, ModelFile> files, List<IDisposable> owned, long weightBytes, long kvBytes, ILogger logger)
    {
        _engines = engines;
        _files = files;
        _owned = owned;
        WeightBytes = weightBytes;
        KvBytes = kvBytes;
        _logger = logger;
    }

    /// <summary>The engines by model name.</summary>
    public IReadOnlyDictionary<string, AugurEngine> Engines => _engines;

    /// <summary>The open model files by model name: metadata such as the chat template and the tokenizer.</summary>
    public IReadOnlyDictionary<string, ModelFile> Files => _files;

    /// <summary>Bytes of the models' files.</summary>
    public long WeightBytes { get; }

    /// <summary>Bytes of the KV caches, all models together.</summary>
    public long KvBytes { get; }

    /// <summary>
    /// Opens every model and gives each an engine whose KV cache takes its share of what the weights leave of
    /// <paramref name="memoryBudgetBytes"/>. The engines do not step until <see cref="Start"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No models, a name twice, a bad share, or a budget the weights leave too little of.</exception>
    /// <exception cref="ModelLoadException">A model file is missing or corrupt.</exception>
    public static EngineGroup Load(IReadOnlyList<EngineModel> models, long memoryBudgetBytes, int threads = 0, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
            throw new ArgumentException("Give at least one model.", nameof(models));
        if (models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != models.Count)
            throw new ArgumentException("Model names must be unique.", nameof(models));
        if (models.Any(m => !(m.KvShare > 0) || double.IsInfinity(m.KvShare)))
            throw new ArgumentException("Every KV share must be finite and positive.", nameof(models));
        long weightBytes = models.Sum(m => FileBytes(m.Path) + (m.DraftPath is null ? 0 : FileBytes(m.DraftPath)));
        long kvBytes = memoryBudgetBytes - weightBytes;
        if (kvBytes <= 0)
            throw new ArgumentException($"The memory budget of {memoryBudgetBytes} bytes does not cover the weights ({weightBytes} bytes).", nameof(memoryBudgetBytes));

        loggerFactory ??= NullLoggerFactory.Instance;
        var owned = new List<IDisposable>();
        var engines = new Dictionary<string, AugurEngine>(StringComparer.Ordinal);
        var files = new Dictionary<string, ModelFile>(StringComparer.Ordinal);
        try
        {
            var pool = new WorkerPool(threads);
            owned.Add(pool);
            double shares = models.Sum(m => m.KvShare);
            foreach (EngineModel model in models)
            {
                var file = ModelFile.Open(model.Path, model.TokenizerPath);
                owned.Add(file);
                files.Add(model.Name, file);
                var weights = ModelWeights.Load(file.Config, file.Tensors);
                owned.Add(weights);
                long share = (long)(kvBytes * (model.KvShare / shares));
                long draftShare = model.DraftPath is null ? 0 : share / 8; // a draft model is far smaller than its target
                share -= draftShare;
                EngineOptions options = model.Options with
                {
                    ModelName = model.Name,
                    KvCache = model.Options.KvCache with { BlockCount = 0, MemoryBudgetBytes = share },
                    DraftKvCache = model.Options.DraftKvCache with { BlockCount = 0, MemoryBudgetBytes = Math.Max(draftShare, 1) },
                };
                if (options.KvCache.BlocksFor(file.Config.BlockCount, file.Config.KeyValueLength) < 1)
                    throw new ArgumentException($"{model.Name}'s KV share of {share} bytes holds no block of {options.KvCache.BlockBytes(file.Config.BlockCount, file.Config.KeyValueLength)} bytes.", nameof(memoryBudgetBytes));
                DraftModel? draft = null;
                if (model.DraftPath is not null)
                {
                    var draftFile = ModelFile.Open(model.DraftPath);
                    owned.Add(draftFile);
                    if (DraftVocabulary.FindDifference(file.Tokenizer.Vocabulary, draftFile.Tokenizer.Vocabulary) is { } difference)
                        throw new ModelLoadException(model.DraftPath, $"the draft's vocabulary is not {model.Name}'s: {difference}");
                    var draftWeights = ModelWeights.Load(draftFile.Config, draftFile.Tensors);
                    owned.Add(draftWeights);
                    draft = new DraftModel(draftWeights, draftFile.Tokenizer);
                }
                engines.Add(model.Name, new AugurEngine(weights, pool, file.Tokenizer, options, loggerFactory, draft));
            }
        }
        catch
        {
            foreach (AugurEngine engine in engines.Values)
                engine.Dispose();
            foreach (IDisposable item in Enumerable.Reverse(owned))
                item.Dispose();
            throw;
        }
        return new EngineGroup(engines, files, owned, weightBytes, kvBytes, loggerFactory.CreateLogger<EngineGroup>());
    }

    private static long FileBytes(string path) => new FileInfo(path) is { Exists: true } file ? file.Length : 0;

    /// <summary>The engine of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    public AugurEngine this[string name] => _engines[name];

    /// <summary>Starts the one thread that steps every engine of the group.</summary>
    public void Start()
    {
        if (_loop is not null)
            throw new InvalidOperationException("The group is already running.");
        _loop = new EngineLoop([.. _engines.Values], "group", _logger);
    }

    /// <summary>Stops the thread, cancels what is still running, and frees the engines, weights, files and pool.</summary>
    public void Dispose()
    {
        _loop?.Dispose();
        foreach (AugurEngine engine in _engines.Values)
            engine.Dispose();
        foreach (IDisposable item in Enumerable.Reverse(_owned))
            item.Dispose();
        _owned.Clear();
    }
}
