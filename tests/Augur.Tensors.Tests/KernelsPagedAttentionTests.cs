namespace Augur.Tensors.Tests;

public class KernelsPagedAttentionTests
{
    /// <summary>
    /// A paged pool holding one sequence in shuffled blocks among spare ones full of large garbage, and the same rows
    /// laid out contiguously; rows hold several heads.
    /// </summary>
    private sealed record Layout(float[] Keys, float[] Values, float[] ContiguousKeys, float[] ContiguousValues, int[] Blocks)
    {
        public static Layout Create(int length, int blockTokens, int stride, int poolBlocks, int seed)
        {
            int used = (length + blockTokens - 1) / blockTokens;
            var random = new Random(seed);
            int[] blocks = [.. Enumerable.Range(0, poolBlocks).OrderBy(_ => random.Next()).Take(used)];
            // Garbage everywhere first: slots the sequence does not own must not be read.
            float[] keys = FloatKernelAssert.Random(poolBlocks * blockTokens * stride, seed + 1, scale: 1000f);
            float[] values = FloatKernelAssert.Random(poolBlocks * blockTokens * stride, seed + 2, scale: 1000f);
            float[] contiguousKeys = FloatKernelAssert.Random(length * stride, seed + 3);
            float[] contiguousValues = FloatKernelAssert.Random(length * stride, seed + 4);
            for (int j = 0; j < length; j++)
            {
                int at = (blocks[j / blockTokens] * blockTokens + j % blockTokens) * stride;
                contiguousKeys.AsSpan(j * stride, stride).CopyTo(keys.AsSpan(at, stride));
                contiguousValues.AsSpan(j * stride, stride).CopyTo(values.AsSpan(at, stride));
            }
            return new Layout(keys, values, contiguousKeys, contiguousValues, blocks);
        }
    }

    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        // group, headDim, length, blockTokens
        { 1, 64, 1, 16 },
        { 4, 64, 7, 16 },
        { 4, 64, 300, 16 },
        { 2, 128, 33, 16 },
        { 3, 48, 20, 4 },
        { 1, 5, 9, 3 },
        { 2, 32, 48, 16 },
        { 8, 16, 17, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PagedAttention_F32_GivesTheBitsOfGroupedAttention_OnTheSameRowsLaidOutContiguously(int group, int headDim, int length, int blockTokens)
    {
        int stride = headDim * 3 + 16, headOffset = headDim + 16;
        Layout layout = Layout.Create(length, blockTokens, stride, poolBlocks: (length + blockTokens - 1) / blockTokens + 5, seed: 10);
        float[] queries = FloatKernelAssert.Random(group * headDim, seed: 1, scale: 2f);
        float scale = 1f / MathF.Sqrt(headDim);
        var expected = new float[group * headDim];
        var actual = new float[group * headDim];

        Kernels.GroupedAttention(queries, group, headDim, layout.ContiguousKeys.AsSpan(headOffset), layout.ContiguousValues.AsSpan(headOffset),
            stride, length, scale, new float[group * length], expected);
        Kernels.PagedAttention(queries, group, headDim, layout.Keys.AsSpan(headOffset), layout.Values.AsSpan(headOffset),
            stride, layout.Blocks, blockTokens, length, scale, new float[group * length], actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PagedAttention_F32_MatchesScalarReference(int group, int headDim, int length, int blockTokens)
    {
        int stride = headDim * 2 + 8;
        Layout layout = Layout.Create(length, blockTokens, stride, poolBlocks: (length + blockTokens - 1) / blockTokens + 3, seed: 20);
        float[] queries = FloatKernelAssert.Random(group * headDim, seed: 2, scale: 2f);
        float scale = 1f / MathF.Sqrt(headDim);
        var expected = new float[group * headDim];
        var actual = new float[group * headDim];

        Kernels.PagedAttentionScalar<float>(queries, group, headDim, layout.Keys, layout.Values, stride, layout.Blocks, blockTokens, length, scale, new float[group * length], expected);
        Kernels.PagedAttention(queries, group, headDim, layout.Keys, layout.Values, stride, layout.Blocks, blockTokens, length, scale, new float[group * length], actual);

        FloatKernelAssert.Close(expected, actual, relative: 1e-5f, absolute: 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PagedAttention_F16_GivesTheBitsOfTheF32Kernel_OnTheWidenedCache(int group, int headDim, int length, int blockTokens)
    {
        int stride = headDim * 2, headOffset = headDim;
        Layout layout = Layout.Create(length, blockTokens, stride, poolBlocks: (length + blockTokens - 1) / blockTokens + 2, seed: 30);
        Half[] keys = ToHalf(layout.Keys), values = ToHalf(layout.Values);
        float[] widenedKeys = [.. keys.Select(h => (float)h)], widenedValues = [.. values.Select(h => (float)h)];
        float[] queries = FloatKernelAssert.Random(group * headDim, seed: 3, scale: 2f);
        float scale = 1f / MathF.Sqrt(headDim);
        var expected = new float[group * headDim];
        var actual = new float[group * headDim];

        Kernels.PagedAttention(queries, group, headDim, widenedKeys.AsSpan(headOffset), widenedValues.AsSpan(headOffset), stride, layout.Blocks, blockTokens, length, scale, new float[group * length], expected);
        Kernels.PagedAttention(queries, group, headDim, keys.AsSpan(headOffset), values.AsSpan(headOffset), stride, layout.Blocks, blockTokens, length, scale, new float[group * length], actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PagedAttention_F16_MatchesScalarReference(int group, int headDim, int length, int blockTokens)
    {
        int stride = headDim + 3;
        Layout layout = Layout.Create(length, blockTokens, stride, poolBlocks: (length + blockTokens - 1) / blockTokens + 1, seed: 40);
        Half[] keys = ToHalf(layout.Keys), values = ToHalf(layout.Values);
        float[] queries = FloatKernelAssert.Random(group * headDim, seed: 4, scale: 2f);
        float scale = 1f / MathF.Sqrt(headDim);
        var expected = new float[group * headDim];
        var actual = new float[group * headDim];

        Kernels.PagedAttentionScalar<Half>(queries, group, headDim, keys, values, stride, layout.Blocks, blockTokens, length, scale, new float[group * length], expected);
        Kernels.PagedAttention(queries, group, headDim, keys, values, stride, layout.Blocks, blockTokens, length, scale, new float[group * length], actual);

        FloatKernelAssert.Close(expected, actual, relative: 1e-5f, absolute: 1e-6f);
    }

    [Fact]
    public void PagedAttention_ZeroLength_ClearsOutput()
    {
        var output = new float[32];
        Array.Fill(output, 9f);

        Kernels.PagedAttention(new float[32], 2, 16, new float[64], new float[64], 16, [], 4, 0, 1f, [], output);
        Assert.All(output, v => Assert.Equal(0f, v));

        Array.Fill(output, 9f);
        Kernels.PagedAttention(new float[32], 2, 16, new Half[64], new Half[64], 16, [], 4, 0, 1f, [], output);
        Assert.All(output, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void PagedAttention_BlocksOutsideThePool_OrTooFew_Throw()
    {
        // A pool of 2 blocks of 4 slots of 16 elements.
        var pool = new float[2 * 4 * 16];
        var output = new float[16];

        Kernels.PagedAttention(new float[16], 1, 16, pool, pool, 16, [1, 0], 4, 8, 1f, new float[8], output);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.PagedAttention(new float[16], 1, 16, pool, pool, 16, [2], 4, 3, 1f, new float[3], output));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.PagedAttention(new float[16], 1, 16, pool, pool, 16, [-1], 4, 3, 1f, new float[3], output));
        Assert.Throws<ArgumentException>(() => Kernels.PagedAttention(new float[16], 1, 16, pool, pool, 16, [0], 4, 5, 1f, new float[5], output));
        Assert.Throws<ArgumentException>(() => Kernels.PagedAttention(new float[16], 1, 16, pool, pool, 16, [0, 1], 4, 5, 1f, new float[4], output));
        // The second head of a 2-head row: the last slot of block 1 must still fit after the offset.
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.PagedAttention(new float[16], 1, 16, pool.AsSpan(8), pool.AsSpan(8), 16, [1], 4, 1, 1f, new float[1], output));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.PagedAttention(new float[2048], 1, 2048, new Half[2048], new Half[2048], 2048, [0], 1, 1, 1f, new float[1], new float[2048]));
    }

    private static Half[] ToHalf(float[] values) => [.. values.Select(v => (Half)v)];
}
