using Augur.Models;
using Augur.Models.Gguf;
using Augur.Models.Quantization;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

/// <summary>
/// A random 256-wide model quantized to each K-quant by <see cref="GgufQuantizer"/> runs in the engine and its logits
/// stay close to those of its F32 original. Tolerance: cosine similarity over 12 positions, with a bound per type that
/// leaves a few times the room of the observed error (1 − cos ≈ 2e-3 for Q4_K, 6e-4 Q5_K, 1e-4 Q6_K, 2e-5 Q8_0): each
/// extra bit roughly halves the weight error and quarters 1 − cos, so the bounds (3–6× the observed error) still
/// separate each type from the one a bit coarser.
/// </summary>
public sealed class GgufKQuantForwardTests
{
    [Theory]
    [InlineData(TensorType.Q4_K, 0.992)]
    [InlineData(TensorType.Q5_K, 0.998)]
    [InlineData(TensorType.Q6_K, 0.9995)]
    [InlineData(TensorType.Q8_0, 0.9999)]
    public void Forward_KQuantized_CloseToF32(TensorType type, double minimumCosine)
    {
        using var temp = new TempDirectory();
        string f32 = temp.File("f32.gguf"), quantized = temp.File("k.gguf");
        RandomLlamaGguf.Write(f32, dim: 256, hidden: 512, layers: 2, heads: 4, kvHeads: 2, vocab: 64, seed: 9);
        GgufQuantizer.Quantize(f32, quantized, type);

        int[] tokens = [1, 17, 42, 5, 63, 8, 8, 30, 2, 11, 50, 7];
        float[][] expected = Logits(f32, tokens, TensorType.F32);
        float[][] actual = Logits(quantized, tokens, type);

        double worst = 1;
        for (int i = 0; i < tokens.Length; i++)
            worst = Math.Min(worst, Cosine(expected[i], actual[i]));
        Assert.True(worst >= minimumCosine, $"{type}: worst cosine similarity {worst:F6}, below {minimumCosine}");
    }

    private static float[][] Logits(string path, int[] tokens, TensorType expectedType)
    {
        using GgufFile file = GgufFile.Open(path);
        ModelConfig config = GgufModelConfig.Read(file);
        var source = new GgufTensorSource(file);
        Assert.Equal(expectedType, source.GetMatrix("blk.1.ffn_down.weight").Type);
        using var pool = new WorkerPool(2);
        var transformer = new Transformer(ModelWeights.Load(config, source), pool);
        return tokens.Select((t, pos) => transformer.Forward(t, pos).ToArray()).ToArray();
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(aa * bb);
    }
}
