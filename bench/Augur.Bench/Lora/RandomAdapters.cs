using System.Globalization;
using Augur.Engine.Lora;
using Augur.Models;
using Augur.Models.Lora;
using Augur.Tests.Common;

namespace Augur.Bench.Lora;

/// <summary>Random PEFT adapters for a base model, written as PEFT saves them and loaded back as the server would.</summary>
public static class RandomAdapters
{
    /// <summary>
    /// <paramref name="count"/> adapters of every projection (q, k, v, o, gate, up, down), adapter a of rank
    /// <c>ranks[a mod ranks.Count]</c> and alpha 2·rank, seeded from <paramref name="seed"/>; the files go to
    /// <paramref name="directory"/>.
    /// </summary>
    public static IReadOnlyList<LoraAdapter> Create(ModelConfig baseModel, int count, IReadOnlyList<int> ranks, int seed, string directory)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(ranks);
        var adapters = new List<LoraAdapter>(count);
        for (int a = 0; a < count; a++)
        {
            int rank = ranks[a % ranks.Count];
            string name = string.Create(CultureInfo.InvariantCulture, $"r{rank}-{a}");
            var random = new RandomLoraAdapter(baseModel, rank, 2.0 * rank, Enum.GetValues<LoraModule>(), seed + a);
            (string config, string weights) = random.WriteTo(Path.Combine(directory, name));
            adapters.Add(new LoraAdapter(name, LoraAdapterFile.Load(config, weights, baseModel, new LoraLimits { MaxRank = Math.Max(32, rank) })));
        }
        return adapters;
    }
}
