using Augur.Tensors;

namespace Augur.Models.Tests;

public class ModelConfigTests
{
    private static readonly ModelConfig Valid = new()
    {
        Architecture = "llama",
        EmbeddingLength = 64,
        BlockCount = 2,
        HeadCount = 8,
        HeadCountKv = 4,
        FeedForwardLength = 172,
        VocabSize = 512,
        ContextLength = 128,
    };

    [Fact]
    public void Defaults_DeriveHeadAndRopeDimensions()
    {
        Valid.Validate();
        Assert.Equal(8, Valid.HeadDim);
        Assert.Equal(8, Valid.RopeDimensionCount);
        Assert.Equal(64, Valid.QueryLength);
        Assert.Equal(32, Valid.KeyValueLength);
        Assert.Equal(RopeStyle.Normal, Valid.RopeStyle);
        Assert.Equal(1f, Valid.RopeScalingFactor);
    }

    [Fact]
    public void ExplicitHeadDim_NeedNotDivideEmbedding()
    {
        ModelConfig config = Valid with { EmbeddingLength = 60, HeadDim = 16, RopeDimensionCount = 8 };
        config.Validate();
        Assert.Equal(128, config.QueryLength);
        Assert.Equal(8, config.RopeDimensionCount);
    }

    [Fact]
    public void Defaults_FollowOtherValues_ExplicitValuesStay()
    {
        ModelConfig wider = Valid with { EmbeddingLength = 128 };
        Assert.Equal(16, wider.HeadDim);
        Assert.Equal(16, wider.RopeDimensionCount);

        ModelConfig explicitHead = Valid with { HeadDim = 4 };
        Assert.Equal(4, (explicitHead with { EmbeddingLength = 128 }).HeadDim);
        Assert.Equal(4, explicitHead.RopeDimensionCount);
    }

    public static TheoryData<string> InvalidCases() =>
    [
        "heads-not-dividing-dim", "kv-not-dividing-heads", "zero-kv", "zero-layers", "negative-vocab",
        "odd-rope", "rope-above-head", "zero-eps", "zero-context", "empty-arch", "zero-scaling",
    ];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_Inconsistent_ThrowsArgumentException(string name)
    {
        ModelConfig config = name switch
        {
            "heads-not-dividing-dim" => Valid with { HeadCount = 6, HeadCountKv = 3 },
            "kv-not-dividing-heads" => Valid with { HeadCountKv = 3 },
            "zero-kv" => Valid with { HeadCountKv = 0 },
            "zero-layers" => Valid with { BlockCount = 0 },
            "negative-vocab" => Valid with { VocabSize = -1 },
            "odd-rope" => Valid with { RopeDimensionCount = 3 },
            "rope-above-head" => Valid with { RopeDimensionCount = 16 },
            "zero-eps" => Valid with { RmsNormEps = 0 },
            "zero-context" => Valid with { ContextLength = 0 },
            "empty-arch" => Valid with { Architecture = " " },
            "zero-scaling" => Valid with { RopeScalingFactor = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Throws<ArgumentException>(config.Validate);
    }
}
