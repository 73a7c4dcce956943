namespace Augur.Engine.Sampling;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014), used only to expand one 64-bit seed into the four words of
/// <see cref="Xoshiro256StarStar"/>, as its authors recommend (https://prng.di.unimi.it/splitmix64.c).
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
