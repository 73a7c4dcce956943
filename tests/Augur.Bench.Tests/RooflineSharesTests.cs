namespace Augur.Bench.Tests;

public class RooflineSharesTests
{
    private static readonly EndToEndBenchmarkOptions Options = new() { PromptTokens = 100, DecodeTokens = 9, BatchSequences = 4, BatchedPromptTokens = 20 };

    // Round figures: 1e9 matmul parameters, 1e9 weight bytes, 1000 KV elements per position.
    private static readonly ModelCost Quantized = new(1_000_000_000, 1_000_000_000, 1000, Quantized: true);

    private static readonly RooflineLimits Limits = new(2, 10e9, 1 << 30, 100e9, "fma", 400e9, "vnni");

    private static RateSummary Rate(double median) => new(median, median, median);

    [Fact]
    public void Quantized_prefill_is_set_against_the_int8_peak_and_decode_against_bandwidth()
    {
        RooflineShares shares = RooflineShares.Of(Limits, Quantized, Options, Rate(20), Rate(5), batched: null, kvElementBytes: 2);

        Assert.Equal("int8", shares.ComputeCeiling);
        // 20 tok/s × 2e9 operations = 40e9 of 400e9.
        Assert.Equal(10, shares.PrefillPercentOfCompute, 9);
        // Average cached length 100 + (9 + 1) / 2 = 105: 5 × (1e9 + 1000 × 105 × 2) bytes/s of 10e9.
        Assert.Equal(100 * 5 * (1e9 + 1000 * 105 * 2) / 10e9, shares.DecodePercentOfBandwidth, 9);
        Assert.Null(shares.BatchedPercentOfBandwidth);
    }

    [Fact]
    public void Float_weights_or_no_int8_instruction_fall_back_to_the_fp32_peak()
    {
        RooflineShares floats = RooflineShares.Of(Limits, Quantized with { Quantized = false }, Options, Rate(20), Rate(5), null, 4);
        RooflineShares noInt8 = RooflineShares.Of(Limits with { Int8OpsPerSecond = null, Int8Instructions = null }, Quantized, Options, Rate(20), Rate(5), null, 4);

        Assert.Equal("fp32", floats.ComputeCeiling);
        Assert.Equal(40, floats.PrefillPercentOfCompute, 9);
        Assert.Equal("fp32", noInt8.ComputeCeiling);
        Assert.Equal(40, noInt8.PrefillPercentOfCompute, 9);
    }

    [Fact]
    public void A_batched_step_reads_the_weights_once_and_every_sequence_cache()
    {
        RooflineShares shares = RooflineShares.Of(Limits, Quantized, Options, Rate(20), Rate(5), Rate(40), kvElementBytes: 2);

        // 40 tok/s over 4 sequences = 10 steps/s; each step 1e9 + 4 × 1000 × (20 + 5) × 2 bytes.
        Assert.Equal(100 * 10 * (1e9 + 4 * 1000 * 25 * 2) / 10e9, shares.BatchedPercentOfBandwidth!.Value, 9);
    }
}
