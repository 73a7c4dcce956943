using System.Text.RegularExpressions;
using Augur.Engine.Lora;
using Augur.Models;
using Augur.Models.Lora;
using Augur.Models.Safetensors;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Augur.Server.Storage;

namespace Augur.Server.Finetunes;

/// <summary>
/// Finetunes of each account: creation, asset uploads (checked, then placed atomically under
/// <c>{data}/finetunes/{id}/</c>, never overwritten), deletion, and the adapters requests use, loaded on demand into a
/// <see cref="LoraAdapterCache"/>. Names are unique per account; the <c>cf-public-</c> prefix is reserved.
/// </summary>
internal sealed partial class FinetuneService(IAugurStore store, ModelHost host, AugurServerOptions options, TimeProvider time)
{
    public const string ReservedPrefix = "cf-public-";

    private readonly FinetuneOptions _options = options.Finetunes;
    private readonly LoraAdapterCache _adapters = new(options.Finetunes.AdapterCacheBytes);

    public LoraLimits Limits => _options.Limits;

    public async Task<Finetune> CreateAsync(string accountId, string? model, string? name, string? description, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
            throw FinetuneErrors.Fail(FinetuneErrors.Invalid, "name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        if (name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            throw FinetuneErrors.Fail(FinetuneErrors.Invalid, $"Names starting with '{ReservedPrefix}' are reserved.");
        if (string.IsNullOrEmpty(model) || !host.Catalog.TryFind(ModelNames.FromPath(model), out CatalogEntry? entry))
            throw new ApiException(WorkersAiError.NoSuchModel, $"No such model {model}");
        if (!entry.Capabilities.Lora)
            throw new ApiException(WorkersAiError.LoraUnsupported, $"The model {entry.Name} does not support LoRa inference");
        if ((await store.Finetunes.ListAsync(accountId, cancellationToken).ConfigureAwait(false)).Count >= Limits.MaxAdaptersPerAccount)
            throw FinetuneErrors.Fail(FinetuneErrors.LimitReached, $"An account may hold at most {Limits.MaxAdaptersPerAccount} finetunes.");
        DateTimeOffset now = time.GetUtcNow();
        var finetune = new Finetune(Guid.NewGuid().ToString(), accountId, name, entry.Name, description, now, now);
        if (!await store.Finetunes.CreateAsync(finetune, cancellationToken).ConfigureAwait(false))
            throw FinetuneErrors.Fail(FinetuneErrors.Conflict, $"A finetune named {name} already exists.");
        return finetune;
    }

    public async Task<Finetune> FindAsync(string accountId, string idOrName, CancellationToken cancellationToken) =>
        await store.Finetunes.FindAsync(accountId, idOrName, cancellationToken).ConfigureAwait(false)
            ?? throw FinetuneErrors.Fail(FinetuneErrors.NotFound, $"No finetune {idOrName}.");

    public async Task DeleteAsync(string accountId, string idOrName, CancellationToken cancellationToken)
    {
        Finetune finetune = await FindAsync(accountId, idOrName, cancellationToken).ConfigureAwait(false);
        if (!await store.Finetunes.DeleteAsync(accountId, finetune.Id, cancellationToken).ConfigureAwait(false))
            throw FinetuneErrors.Fail(FinetuneErrors.NotFound, $"No finetune {idOrName}.");
        _adapters.Remove(finetune.Id);
        string directory = Directory(finetune.Id);
        if (System.IO.Directory.Exists(directory))
            System.IO.Directory.Delete(directory, recursive: true);
    }

    /// <summary>
    /// Stores <paramref name="content"/> as asset <paramref name="fileName"/> of the finetune: written to a temporary
    /// file within the size limit, checked (alone, and with the other asset when that is present), then moved into
    /// place and recorded. Any failure leaves nothing behind.
    /// </summary>
    public async Task<(Finetune Finetune, FinetuneAsset Asset)> UploadAsync(string accountId, string idOrName, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        FinetuneAsset asset = fileName switch
        {
            LoraAdapterConfig.FileName => FinetuneAsset.Config,
            LoraAdapterFile.WeightsFileName => FinetuneAsset.Weights,
            _ => throw FinetuneErrors.Fail(FinetuneErrors.Invalid, $"file_name must be {LoraAdapterConfig.FileName} or {LoraAdapterFile.WeightsFileName}."),
        };
        Finetune finetune = await FindAsync(accountId, idOrName, cancellationToken).ConfigureAwait(false);
        if (asset == FinetuneAsset.Config ? finetune.HasConfig : finetune.HasWeights)
            throw FinetuneErrors.Fail(FinetuneErrors.Conflict, $"{fileName} is already uploaded; assets cannot change.");
        long limit = asset == FinetuneAsset.Config ? Limits.MaxConfigBytes : Limits.MaxWeightsBytes;

        string directory = Directory(finetune.Id);
        System.IO.Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".upload-{Guid.NewGuid():N}");
        try
        {
            await CopyWithinAsync(content, temporary, limit, fileName!, cancellationToken).ConfigureAwait(false);
            Check(finetune, asset, temporary);
            string final = Path.Combine(directory, fileName!);
            File.Move(temporary, final, overwrite: false);
            if (!await store.Finetunes.AddAssetAsync(accountId, finetune.Id, asset, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                File.Delete(final);
                throw FinetuneErrors.Fail(FinetuneErrors.Conflict, $"{fileName} is already uploaded; assets cannot change.");
            }
            return (finetune, asset);
        }
        catch (IOException) when (File.Exists(Path.Combine(directory, fileName!)))
        {
            throw FinetuneErrors.Fail(FinetuneErrors.Conflict, $"{fileName} is already uploaded; assets cannot change.");
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The adapter a request's <c>lora</c> names, for <paramref name="entry"/>; loaded once, then cached.</summary>
    public async Task<LoraAdapter> ResolveAsync(string accountId, CatalogEntry entry, string lora, CancellationToken cancellationToken)
    {
        Finetune finetune = await FindAsync(accountId, lora, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(finetune.Model, entry.Name, StringComparison.OrdinalIgnoreCase))
            throw FinetuneErrors.Fail(FinetuneErrors.Invalid, $"The finetune {finetune.Name} is for {finetune.Model}, not {entry.Name}.");
        if (!finetune.IsComplete)
            throw FinetuneErrors.Fail(FinetuneErrors.AssetMissing, $"The finetune {finetune.Name} lacks {(finetune.HasConfig ? LoraAdapterFile.WeightsFileName : LoraAdapterConfig.FileName)}.");
        ModelConfig config = host.Engine(entry).Config;
        try
        {
            return _adapters.GetOrLoad(finetune.Id, () => new LoraAdapter(finetune.Name,
                LoraAdapterFile.Load(ConfigPath(finetune.Id), WeightsPath(finetune.Id), config, Limits)));
        }
        catch (ModelLoadException e)
        {
            throw FinetuneErrors.Fail(FinetuneErrors.AssetMissing, $"The finetune {finetune.Name} cannot be loaded: {e.Message}");
        }
    }

    private string Directory(string id) => Path.Combine(Path.GetFullPath(options.DataDirectory), "finetunes", id);

    private string ConfigPath(string id) => Path.Combine(Directory(id), LoraAdapterConfig.FileName);

    private string WeightsPath(string id) => Path.Combine(Directory(id), LoraAdapterFile.WeightsFileName);

    /// <summary>The new file alone, then both together against the base model when the other is already in place.</summary>
    private void Check(Finetune finetune, FinetuneAsset asset, string temporary)
    {
        if (!host.Catalog.TryFind(finetune.Model, out CatalogEntry? entry))
            throw new ApiException(WorkersAiError.NoSuchModel, $"The model {finetune.Model} of finetune {finetune.Name} is not served.");
        ModelConfig baseModel = host.Engine(entry).Config;
        string fileName = asset == FinetuneAsset.Config ? LoraAdapterConfig.FileName : LoraAdapterFile.WeightsFileName;
        try
        {
            if (asset == FinetuneAsset.Config)
            {
                LoraAdapterFile.ReadConfig(temporary, Limits);
                if (finetune.HasWeights)
                    LoraAdapterFile.Load(temporary, WeightsPath(finetune.Id), baseModel, Limits);
            }
            else if (finetune.HasConfig)
            {
                LoraAdapterFile.Load(ConfigPath(finetune.Id), temporary, baseModel, Limits);
            }
            else
            {
                CheckWeightsAlone(temporary, baseModel);
            }
        }
        catch (ModelLoadException e)
        {
            throw FinetuneErrors.Fail(FinetuneErrors.Invalid, $"{fileName}: {e.Fault}");
        }
    }

    /// <summary>Without the config (its rank and targets), what the weights can show alone: a sound file of PEFT matrices of existing layers.</summary>
    private static void CheckWeightsAlone(string path, ModelConfig baseModel)
    {
        using SafetensorsFile file = SafetensorsFile.Open(path);
        foreach (SafetensorsTensorInfo tensor in file.Tensors)
        {
            if (!LoraAdapterFile.TryParseTensorName(tensor.Name, out int layer, out _, out _) || layer >= baseModel.BlockCount || tensor.Shape.Length != 2)
                throw new ModelLoadException(path, $"tensor '{tensor}' is not a LoRA matrix of a layer of the base model.");
        }
        if (file.Tensors.Count == 0)
            throw new ModelLoadException(path, "the file holds no LoRA matrices.");
    }

    private static async Task CopyWithinAsync(Stream content, string path, long limit, string fileName, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit)
                throw FinetuneErrors.Fail(FinetuneErrors.TooLarge, $"{fileName} is larger than the {limit} bytes allowed.");
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
