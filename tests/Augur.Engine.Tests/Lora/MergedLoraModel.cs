using Augur.Models;
using Augur.Models.Gguf;
using Augur.Models.Lora;
using Augur.Tensors;
using Augur.Tensors.Quant;
using Augur.Tests.Common;

namespace Augur.Engine.Lora.Tests;

/// <summary>
/// Writes the oracle of the runtime LoRA tests: a copy of a GGUF model whose adapted projections hold the merged
/// weights <c>W' = W + scale·B·A</c> in F32 (summed in double), computed here from the adapter's own matrices, with
/// none of the engine's or the loader's LoRA code.
/// </summary>
internal static class MergedLoraModel
{
    public static void Write(string basePath, ModelConfig config, RandomLoraAdapter adapter, string outputPath)
    {
        using GgufFile input = GgufFile.Open(basePath);
        var writer = new GgufWriter().CopyMetadataFrom(input);
        foreach (GgufTensorInfo tensor in input.Tensors)
        {
            var target = adapter.Matrices.Keys.Cast<(int Layer, LoraModule Module)?>()
                .FirstOrDefault(k => LoraModules.GgufName(k!.Value.Layer, k.Value.Module) == tensor.Name);
            if (target is not { } key)
            {
                writer.AddTensor(tensor.Name, tensor.Type, tensor.Dimensions, input.GetTensorData(tensor).ToArray());
                continue;
            }
            WeightMatrix w = input.GetWeightMatrix(tensor);
            var merged = new float[(long)w.Rows * w.Columns];
            for (int row = 0; row < w.Rows; row++)
                QuantFormats.Dequantize(w.Type, w.Row(row), merged.AsSpan(row * w.Columns, w.Columns));
            (float[] a, float[] b) = adapter.Matrices[key];
            if (config.RopeStyle == RopeStyle.Normal && key.Module is LoraModule.Query or LoraModule.Key)
                b = HuggingFaceToGgufRows(b, config.HeadDim, adapter.Rank);
            AddScaledProduct(merged, w.Rows, w.Columns, adapter.Scale, a, b, adapter.Rank);
            byte[] bytes = new byte[merged.Length * sizeof(float)];
            Buffer.BlockCopy(merged, 0, bytes, 0, bytes.Length);
            writer.AddTensor(tensor.Name, TensorType.F32, tensor.Dimensions, bytes);
        }
        writer.Write(outputPath);
    }

    /// <summary>w (rows, columns) += scale·b (rows, rank)·a (rank, columns).</summary>
    private static void AddScaledProduct(float[] w, int rows, int columns, float scale, float[] a, float[] b, int rank)
    {
        for (int o = 0; o < rows; o++)
        {
            for (int i = 0; i < columns; i++)
            {
                double sum = 0;
                for (int j = 0; j < rank; j++)
                    sum += (double)b[o * rank + j] * a[j * columns + i];
                w[o * columns + i] = (float)(w[o * columns + i] + scale * sum);
            }
        }
    }

    /// <summary>
    /// llama.cpp's convert_hf_to_gguf permute of q/k rows: view each head's rows as (2, headDim/2), swap the two axes,
    /// so the rows of a head go from [x0…x(d/2−1), y0…y(d/2−1)] to [x0, y0, x1, y1…].
    /// </summary>
    private static float[] HuggingFaceToGgufRows(float[] b, int headDim, int rank)
    {
        var result = new float[b.Length];
        int heads = b.Length / rank / headDim, half = headDim / 2;
        for (int h = 0; h < heads; h++)
        {
            for (int axis = 0; axis < 2; axis++)
            {
                for (int k = 0; k < half; k++)
                {
                    int from = h * headDim + axis * half + k, to = h * headDim + k * 2 + axis;
                    Array.Copy(b, from * rank, result, to * rank, rank);
                }
            }
        }
        return result;
    }
}
