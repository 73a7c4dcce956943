namespace Augur.Server.Storage;

/// <summary>
/// Finetunes (LoRA adapters) of each account: their names and which asset files they have. The files themselves live
/// in the data directory (see <c>FinetuneFiles</c>); a row says an asset is present only once its file is in place.
/// </summary>
public interface IFinetuneStore
{
    /// <summary>Adds <paramref name="finetune"/>; false (nothing changed) when its account already has one of that name.</summary>
    Task<bool> CreateAsync(Finetune finetune, CancellationToken cancellationToken = default);

    /// <summary>The finetune of <paramref name="accountId"/> whose id or name is <paramref name="idOrName"/>, or null.</summary>
    Task<Finetune?> FindAsync(string accountId, string idOrName, CancellationToken cancellationToken = default);

    /// <summary>The finetunes of <paramref name="accountId"/>, oldest first.</summary>
    Task<IReadOnlyList<Finetune>> ListAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks asset <paramref name="asset"/> of finetune <paramref name="id"/> (of <paramref name="accountId"/>) present; false
    /// when there is no such finetune or the asset was already there (assets never change).
    /// </summary>
    Task<bool> AddAssetAsync(string accountId, string id, FinetuneAsset asset, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes finetune <paramref name="id"/> of <paramref name="accountId"/>; false when there is none.</summary>
    Task<bool> DeleteAsync(string accountId, string id, CancellationToken cancellationToken = default);
}

/// <summary>A finetune: a LoRA adapter of <see cref="Model"/>, named uniquely within its account.</summary>
public sealed record Finetune(
    string Id,
    string AccountId,
    string Name,
    string Model,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    bool HasConfig = false,
    bool HasWeights = false)
{
    /// <summary>Both files are in place: the adapter can be used.</summary>
    public bool IsComplete => HasConfig && HasWeights;
}

/// <summary>The two files of a PEFT adapter.</summary>
public enum FinetuneAsset
{
    /// <summary><c>adapter_config.json</c></summary>
    Config,

    /// <summary><c>adapter_model.safetensors</c></summary>
    Weights,
}
