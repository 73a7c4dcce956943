using Augur.Tensors;

namespace Augur.Engine.Reference.Tests;

/// <summary>The tolerances of the differential suite, in one place (provisional: being measured).</summary>
internal static class DifferentialTolerances
{
    public const int MinTop5Shared = 4;

    public static float MaxLogitDiff(TensorType type) => 1f;

    public static int MinGreedyPrefix(TensorType type, int count) => 0;
}
