using System.Numerics.Tensors;
using Augur.Models;
using Augur.Models.Quantization;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

/// <summary>
/// stories260K quantized by <see cref="GgufQuantizer"/> must still follow run.c's documented greedy story.
/// </summary>
/// <remarks>
/// Tolerance: the free-running greedy text is not required to match all 256 tokens. stories260K is tiny (dim 64) and its
/// greedy path has top-1/top-2 logit margins as small as 0.0042 (models README §1.5), below the logit error of 8-bit
/// weights with 8-bit activations, so one flipped argmax is legitimate, and after it the continuations differ entirely
/// and a position-by-position comparison measures nothing. Instead the model is teacher-forced along the reference path
/// and its argmax must agree with the reference next token at ≥ 90% of the 256 positions for 8- and 16-bit types
/// (the brief's tolerance) and ≥ 75% for 4- and 5-bit types (a weight step of 1/15 to 1/7 of each block's range on a
/// 64-wide model). The first sentence, decided by margins above 1, must come out exactly in free-running generation.
/// </remarks>
public sealed class QuantizedGenerationTests(ConvertedModels converted) : IClassFixture<ConvertedModels>
{
    private const string FirstSentence = "Once upon a time, there was a little girl named Lily.";

    [Theory]
    [InlineData(TensorType.F16, 0.90)]
    [InlineData(TensorType.BF16, 0.90)]
    [InlineData(TensorType.Q8_0, 0.90)]
    [InlineData(TensorType.Q5_1, 0.75)]
    [InlineData(TensorType.Q5_0, 0.75)]
    [InlineData(TensorType.Q4_1, 0.75)]
    [InlineData(TensorType.Q4_0, 0.75)]
    public void Greedy_QuantizedStories260K_FollowsTheReference(TensorType type, double minimumAgreement)
    {
        string path = converted.File($"stories260K-{TensorTypeNames.NameOf(type)}.gguf");
        GgufQuantizer.Quantize(converted.Stories260K, path, type);
        using ModelFile model = ModelFile.Open(path);
        Assert.Equal(type, model.Tensors.GetMatrix("blk.0.attn_q.weight").Type);

        string text = ModelFileGenerationTests.GenerateText(model, "", 20);
        double agreement = TeacherForcedAgreement(model, RunCGreedy.ReadIds(TestModels.Stories260KExpected("greedy_prompt-empty_n256_ids.txt")));

        Assert.StartsWith(FirstSentence, text, StringComparison.Ordinal);
        Assert.True(agreement >= minimumAgreement, $"{type}: top-1 agreement {agreement:P1} along the reference path, below {minimumAgreement:P0}");
    }

    /// <summary>Feeds BOS then the reference tokens; the fraction of positions whose argmax is the next reference token.</summary>
    private static double TeacherForcedAgreement(ModelFile model, int[] reference)
    {
        using var pool = new WorkerPool(2);
        var transformer = new Transformer(ModelWeights.Load(model.Config, model.Tensors), pool);
        int token = RunCGreedy.Bos, agree = 0;
        for (int pos = 0; pos < reference.Length; pos++)
        {
            if (TensorPrimitives.IndexOfMax(transformer.Forward(token, pos)) == reference[pos])
                agree++;
            token = reference[pos];
        }
        return (double)agree / reference.Length;
    }
}
