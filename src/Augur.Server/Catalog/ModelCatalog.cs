using System.Collections.Frozen;

namespace Augur.Server.Catalog;

/// <summary>The models the server offers, by name (case-insensitive), in a fixed order.</summary>
public sealed class ModelCatalog
{
    private readonly FrozenDictionary<string, CatalogEntry> _byName;

    public ModelCatalog(IEnumerable<CatalogEntry> entries)
    {
        Entries = [.. entries];
        _byName = Entries.ToFrozenDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every entry, configured ones first, then those found on disk.</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>Finds an entry by its exact name (case-insensitive); never touches the file system.</summary>
    public bool TryFind(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CatalogEntry? entry)
    {
        entry = null;
        return name is not null && _byName.TryGetValue(name, out entry);
    }
}
