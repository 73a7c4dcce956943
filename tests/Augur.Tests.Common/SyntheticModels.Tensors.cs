using System.Runtime.InteropServices;
using Augur.Models.Gguf;
using Augur.Tensors;
using Augur.Tensors.Quant;

namespace Augur.Tests.Common;

public static partial class SyntheticModels
{
    /// <summary>
    /// Adds every tensor of a shape to a writer. Data is generated when the writer streams it, one tensor at a time, so a
    /// 32000-token vocabulary never sits in memory twice.
    /// </summary>
    private sealed class TensorAdder(GgufWriter writer, TensorType weightType, int seed)
    {
        private int _index;

        public void AddAll(SyntheticModelShape s)
        {
            int dim = s.Dim, qDim = s.QueryLength, kvDim = s.KeyValueLength, ffn = s.FeedForward, vocab = s.VocabSize;
            float embeddingStd = EmbeddingStd(dim);
            Matrix("token_embd.weight", vocab, dim, std: embeddingStd);
            if (s.Llama3RopeScaling)
                Vector("rope_freqs.weight", Llama3RopeFactors(s.HeadDim, s.RopeTheta));

            for (int i = 0; i < s.Layers; i++)
            {
                string p = $"blk.{i}.";
                Norm(p + "attn_norm.weight", dim, center: 1f);
                Matrix(p + "attn_q.weight", qDim, dim, std: 1f / MathF.Sqrt(dim));
                Matrix(p + "attn_k.weight", kvDim, dim, std: 1f / MathF.Sqrt(dim));
                Matrix(p + "attn_v.weight", kvDim, dim, std: 1f / MathF.Sqrt(dim));
                if (s.HasQkvBias)
                {
                    Bias(p + "attn_q.bias", qDim);
                    Bias(p + "attn_k.bias", kvDim);
                    Bias(p + "attn_v.bias", kvDim);
                }
                Matrix(p + "attn_output.weight", dim, qDim, std: 1f / MathF.Sqrt(qDim));
                Norm(p + "ffn_norm.weight", dim, center: 1f);
                Matrix(p + "ffn_gate.weight", ffn, dim, std: 1f / MathF.Sqrt(dim));
                Matrix(p + "ffn_up.weight", ffn, dim, std: 1f / MathF.Sqrt(dim));
                Matrix(p + "ffn_down.weight", dim, ffn, std: 1f / MathF.Sqrt(ffn));
            }

            // Logits = (output_norm ⊙ x̂)·outputᵀ with x̂ of unit RMS, so a std of σ/√dim in either factor gives logits of
            // std σ. Tied, the classifier is the embedding (std 1/√dim) and output_norm makes up the rest.
            float logitScale = LogitStd / MathF.Sqrt(dim);
            Norm("output_norm.weight", dim, center: s.TiedOutput ? logitScale / embeddingStd : 1f);
            if (!s.TiedOutput)
                Matrix("output.weight", vocab, dim, std: logitScale);
        }

        /// <summary>A (rows, columns) weight ~ N(0, std²), ggml dimensions [columns, rows].</summary>
        private void Matrix(string name, int rows, int columns, float std)
        {
            TensorType type = StorageType(weightType, columns);
            int tensorSeed = NextSeed();
            writer.AddTensor(name, type, [columns, rows], stream =>
            {
                var values = new float[rows * columns];
                FillGaussian(new Random(tensorSeed), values, 0f, std);
                var bytes = new byte[TensorTypeInfo.ByteCount(type, values.Length)];
                QuantFormats.Quantize(type, values, bytes);
                stream.Write(bytes);
            });
        }

        private void Norm(string name, int length, float center)
        {
            var values = new float[length];
            FillGaussian(new Random(NextSeed()), values, center, NormJitter * center);
            Vector(name, values);
        }

        private void Bias(string name, int length)
        {
            var values = new float[length];
            FillGaussian(new Random(NextSeed()), values, 0f, BiasStd);
            Vector(name, values);
        }

        private void Vector(string name, float[] values) =>
            writer.AddTensor(name, TensorType.F32, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

        // Distinct, reproducible seeds per tensor, independent of how other tensors are generated.
        private int NextSeed() => unchecked(seed * 1_000_003 + ++_index * 7919);
    }

    /// <summary>Fills <paramref name="values"/> with N(mean, std²) samples (Box–Muller).</summary>
    private static void FillGaussian(Random random, Span<float> values, float mean, float std)
    {
        for (int i = 0; i < values.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1)), angle = 2.0 * Math.PI * u2;
            values[i] = (float)(mean + std * radius * Math.Cos(angle));
            if (i + 1 < values.Length)
                values[i + 1] = (float)(mean + std * radius * Math.Sin(angle));
        }
    }
}
