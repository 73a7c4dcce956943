namespace Augur.Tests.Common;

public static partial class SyntheticModels
{
    // Llama 3.1's RoPE scaling (its params.json "rope_scaling"): factor 8, low_freq_factor 1, high_freq_factor 4,
    // original_max_position_embeddings 8192.
    private const double Llama3Factor = 8, Llama3LowFreqFactor = 1, Llama3HighFreqFactor = 4, Llama3OriginalContext = 8192;

    /// <summary>
    /// The <c>rope_freqs.weight</c> values of Llama 3.1's scheme for <paramref name="ropeDims"/> rotated dimensions and
    /// base <paramref name="theta"/>: one divisor per frequency θ^(−2i/d), i &lt; d/2. Wavelengths 2π/freq shorter than
    /// original_context / high_freq_factor (2048) keep their frequency (1); longer than original_context /
    /// low_freq_factor (8192) are slowed by the factor (8); in between, the divisor blends the two smoothly:
    /// 1 / ((1 − s)/8 + s) with s = (original_context / wavelength − low) / (high − low).
    /// </summary>
    public static float[] Llama3RopeFactors(int ropeDims, float theta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ropeDims, 2);
        double lowFreqWavelength = Llama3OriginalContext / Llama3LowFreqFactor;
        double highFreqWavelength = Llama3OriginalContext / Llama3HighFreqFactor;
        var factors = new float[ropeDims / 2];
        for (int i = 0; i < factors.Length; i++)
        {
            double frequency = Math.Pow(theta, -2.0 * i / ropeDims);
            double wavelength = 2 * Math.PI / frequency;
            double factor;
            if (wavelength < highFreqWavelength)
            {
                factor = 1;
            }
            else if (wavelength > lowFreqWavelength)
            {
                factor = Llama3Factor;
            }
            else
            {
                double smooth = (Llama3OriginalContext / wavelength - Llama3LowFreqFactor) / (Llama3HighFreqFactor - Llama3LowFreqFactor);
                factor = 1 / ((1 - smooth) / Llama3Factor + smooth);
            }
            factors[i] = (float)factor;
        }
        return factors;
    }
}
