namespace Augur.Bench;

/// <summary>
/// An engine's median rates as percentages of the machine's ceilings (<see cref="RooflineLimits"/>): prefill against
/// the compute ceiling, decode against the bandwidth ceiling. 100 would be a perfect kernel on an idle machine.
/// </summary>
/// <param name="ComputeCeiling">
/// The peak prefill is set against: <c>int8</c> (dot-product peak) for block-quantized weights where the processor has
/// an int8 dot instruction, else <c>fp32</c> (FMA peak).
/// </param>
/// <param name="PrefillPercentOfCompute">Prefill tokens/s × 2 × <see cref="ModelCost.MatmulParameters"/> over that peak, in percent.</param>
/// <param name="DecodePercentOfBandwidth">
/// Decode tokens/s × bytes per step (weights plus the KV cache at the decode's average length) over the read
/// bandwidth, in percent.
/// </param>
/// <param name="BatchedPercentOfBandwidth">
/// Batched steps/s (total tokens/s over sequences) × bytes per step (weights once, plus every sequence's KV cache) over
/// the read bandwidth, in percent; null without a batched figure.
/// </param>
public sealed record RooflineShares(
    string ComputeCeiling,
    double PrefillPercentOfCompute,
    double DecodePercentOfBandwidth,
    double? BatchedPercentOfBandwidth)
{
    /// <summary>The shares of an engine's median rates on a run with the given settings, its KV cache holding <paramref name="kvElementBytes"/> bytes per element.</summary>
    public static RooflineShares Of(
        RooflineLimits limits, ModelCost cost, EndToEndBenchmarkOptions options, RateSummary prefill, RateSummary decode, RateSummary? batched, int kvElementBytes)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prefill);
        ArgumentNullException.ThrowIfNull(decode);

        bool int8 = cost.Quantized && limits.Int8OpsPerSecond is not null;
        double peak = int8 ? limits.Int8OpsPerSecond!.Value : limits.Fp32FlopsPerSecond;
        double prefillShare = 100 * prefill.Median * 2.0 * cost.MatmulParameters / peak;

        // The step that decodes position p attends to p + 1 cached positions: on average prompt + (steps + 1) / 2.
        double averageDecodeLength = options.PromptTokens + (options.DecodeTokens + 1) / 2.0;
        double decodeShare = 100 * decode.Median * cost.DecodeBytes(averageDecodeLength, kvElementBytes) / limits.ReadBytesPerSecond;

        double? batchedShare = null;
        if (batched is not null && options.BatchSequences > 0)
        {
            double averageBatchedLength = options.BatchedPromptTokens + (options.DecodeTokens + 1) / 2.0;
            double stepBytes = cost.DecodeWeightBytes
                + options.BatchSequences * (double)cost.KvElementsPerPosition * averageBatchedLength * kvElementBytes;
            batchedShare = 100 * batched.Median / options.BatchSequences * stepBytes / limits.ReadBytesPerSecond;
        }
        return new RooflineShares(int8 ? "int8" : "fp32", prefillShare, decodeShare, batchedShare);
    }
}
