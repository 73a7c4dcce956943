using System.Runtime.InteropServices;
using Augur.Models.Gguf;
using Augur.Models.Tokenizers;
using Augur.Tensors;

namespace Augur.Models.Llama2c;

/// <summary>
/// Converts a llama2.c checkpoint and its <c>tokenizer.bin</c> into a self-contained GGUF v3 file (alignment 32,
/// architecture <c>llama</c>, F32 tensors under GGUF names, the vocabulary as <c>tokenizer.ggml.*</c>).
/// </summary>
/// <remarks>
/// Q and K rows are copied as they are, unlike llama.cpp's own converter: llama2.c rotates adjacent pairs (i, i+1),
/// exactly what Augur's (and ggml's) normal RoPE mode does on a GGUF <c>llama</c> model.
/// </remarks>
public static class Llama2cConverter
{
    /// <summary>Per-layer tensors in the order llama.cpp writes them; true for 2-D ones.</summary>
    private static readonly (string Suffix, bool IsMatrix)[] LayerTensors =
    [
        ("attn_norm.weight", false), ("attn_q.weight", true), ("attn_k.weight", true), ("attn_v.weight", true),
        ("attn_output.weight", true), ("ffn_norm.weight", false), ("ffn_gate.weight", true), ("ffn_down.weight", true),
        ("ffn_up.weight", true),
    ];

    /// <summary>
    /// Reads <paramref name="modelPath"/> and <paramref name="tokenizerPath"/> and writes <paramref name="outputPath"/>
    /// (replaced if present; written to a temporary file beside it first, so a failed run leaves no partial file).
    /// <paramref name="progress"/> receives the fraction of tensor bytes written, from 0 to 1.
    /// </summary>
    /// <exception cref="ModelLoadException">An input file is missing, malformed or inconsistent.</exception>
    public static void Convert(string modelPath, string tokenizerPath, string outputPath, Action<double>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(tokenizerPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);

        using Llama2cModelFile model = Llama2cModelFile.Open(modelPath);
        ModelConfig config = model.Config;
        Vocabulary vocabulary = Llama2cTokenizerFile.ReadVocabulary(tokenizerPath, config.VocabSize);

        var writer = new GgufWriter();
        GgufModelConfig.Write(writer, config);
        writer.Add(GgufKeys.GeneralName, Path.GetFileNameWithoutExtension(modelPath))
            .Add(GgufKeys.GeneralFileType, 0u); // LLAMA_FTYPE_ALL_F32
        GgufVocabulary.Write(writer, vocabulary);

        var tensors = new List<(string Name, bool IsMatrix)> { ("token_embd.weight", true), ("output_norm.weight", false) };
        if (model.Contains("output.weight"))
            tensors.Add(("output.weight", true));
        for (int layer = 0; layer < config.BlockCount; layer++)
            tensors.AddRange(LayerTensors.Select(t => ($"blk.{layer}.{t.Suffix}", t.IsMatrix)));

        var tracker = new ProgressTracker(progress, tensors.Sum(t => ByteLength(model, t.Name, t.IsMatrix)));
        foreach ((string name, bool isMatrix) in tensors)
        {
            if (isMatrix)
            {
                WeightMatrix matrix = model.GetMatrix(name);
                writer.AddTensor(name, TensorType.F32, [matrix.Columns, matrix.Rows], stream =>
                {
                    for (int row = 0; row < matrix.Rows; row++)
                        stream.Write(matrix.Row(row));
                    tracker.Advance(matrix.ByteLength);
                });
            }
            else
            {
                float[] vector = model.GetVector(name);
                writer.AddTensor(name, TensorType.F32, [vector.Length], stream =>
                {
                    stream.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
                    tracker.Advance(vector.Length * sizeof(float));
                });
            }
        }

        AtomicFile.Write(outputPath, writer.Write);
        progress?.Invoke(1.0);
    }

    private static long ByteLength(Llama2cModelFile model, string name, bool isMatrix) =>
        isMatrix ? model.GetMatrix(name).ByteLength : (long)model.GetVector(name).Length * sizeof(float);
}
