using Augur.Engine.Speculative;
using Augur.Server.Catalog;
using Augur.Server.Dashboard;

namespace Augur.Server.Arena;

/// <summary>
/// A model variant the arena compares: a catalog entry, with the engine's default decoding or with n-gram speculation.
/// Its id is the entry's name, plus <c>#ngram</c> for the speculating variant (two quantizations are two entries).
/// </summary>
/// <param name="Id">What battles store.</param>
/// <param name="Entry">The catalog entry.</param>
/// <param name="Speculation">"ngram", or null for the default.</param>
public sealed record ArenaVariant(string Id, CatalogEntry Entry, string? Speculation)
{
    private const string NgramSuffix = "#ngram";

    /// <summary>How the dashboard names it.</summary>
    public string Label => Speculation is null ? Entry.Name : $"{Entry.Name} + n-gram speculation";

    /// <summary>The engine's speculation for it (null: the model's default).</summary>
    public SpeculativeOptions? EngineSpeculation => PlaygroundApi.Speculation(Speculation);

    /// <summary>Every variant of the catalog: each entry as is, then with n-gram speculation.</summary>
    public static IReadOnlyList<ArenaVariant> All(ModelCatalog catalog) =>
        [.. catalog.Entries.SelectMany(e => new[] { new ArenaVariant(e.Name, e, null), new ArenaVariant(e.Name + NgramSuffix, e, "ngram") })];

    /// <summary>The variant with <paramref name="id"/>, or null.</summary>
    public static ArenaVariant? Find(ModelCatalog catalog, string? id)
    {
        if (id is null)
            return null;
        bool ngram = id.EndsWith(NgramSuffix, StringComparison.Ordinal);
        string name = ngram ? id[..^NgramSuffix.Length] : id;
        return catalog.TryFind(name, out CatalogEntry? entry) ? new ArenaVariant(entry.Name + (ngram ? NgramSuffix : ""), entry, ngram ? "ngram" : null) : null;
    }
}
