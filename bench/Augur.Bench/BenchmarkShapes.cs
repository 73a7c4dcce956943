using Augur.Tests.Common;

namespace Augur.Bench;

/// <summary>The named shapes of the random-weight benchmark models (<c>augur bench --shape</c>, <c>synth --shape</c>).</summary>
public static class BenchmarkShapes
{
    /// <summary>The shapes by name, all with the Llama 2 vocabulary (32000); a 2048-token context except base-110m's 4096.</summary>
    public static IReadOnlyDictionary<string, SyntheticModelShape> All { get; } = new Dictionary<string, SyntheticModelShape>(StringComparer.Ordinal)
    {
        // Llama-3.2-1B-like, with Llama 2's vocabulary and an untied classifier: about 1.1B parameters.
        ["llama-1b"] = new("llama", Dim: 2048, Layers: 16, Heads: 32, KvHeads: 8, FeedForward: 8192, VocabSize: 32000, ContextLength: 2048),
        // llama2.c's stories15M-like layers with the 32000 vocabulary (the classifier and embedding dominate): about 24M.
        // A 110M-class model (GPT-2 base / BERT base widths, llama layout) with room for long prompts: the serving benchmarks' prefix-cache shape.
        ["base-110m"] = new("llama", Dim: 768, Layers: 12, Heads: 12, KvHeads: 12, FeedForward: 2048, VocabSize: 32000, ContextLength: 4096),
        ["tiny-24m"] = new("llama", Dim: 288, Layers: 6, Heads: 6, KvHeads: 6, FeedForward: 768, VocabSize: 32000, ContextLength: 2048),
    };

    /// <summary>The names, for usage messages, e.g. <c>llama-1b|base-110m|tiny-24m</c>.</summary>
    public static string Names => string.Join('|', All.Keys);

    /// <summary>The shape called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No shape has that name.</exception>
    public static SyntheticModelShape Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.TryGetValue(name, out SyntheticModelShape? shape)
            ? shape
            : throw new ArgumentException($"Unknown shape '{name}': use {Names}.", nameof(name));
    }
}
