using System.Numerics;

namespace Augur.Engine.Sampling;

/// <summary>
/// xoshiro256** 1.0 (Blackman and Vigna, 2018; https://prng.di.unimi.it/xoshiro256starstar.c): a small, fast
/// generator with 256 bits of state. The sampler owns its generator instead of using <see cref="Random"/>, so a
/// seeded run draws the same numbers on every .NET version and machine.
/// </summary>
/// <remarks>A mutable struct: keep it in a field and call it in place; a copy continues the same stream.</remarks>
internal struct Xoshiro256StarStar
{
    private const double DoubleUnit = 1.0 / (1UL << 53);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Seeds the state with four consecutive SplitMix64 outputs, which are never all zero.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        var mixer = new SplitMix64(seed);
        _s0 = mixer.Next();
        _s1 = mixer.Next();
        _s2 = mixer.Next();
        _s3 = mixer.Next();
    }

    /// <summary>Sets the raw state (for reference vectors). The all-zero state is a fixed point and is rejected.</summary>
    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
            ThrowHelper.ThrowArgumentException("The all-zero state is not allowed.", nameof(s0));
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits (the top bits, which are the strongest).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * DoubleUnit;
}
