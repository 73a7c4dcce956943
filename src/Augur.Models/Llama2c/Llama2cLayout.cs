namespace Augur.Models.Llama2c;

/// <summary>Where each array of a llama2.c v0 checkpoint lies, and how long the file must be.</summary>
internal static class Llama2cLayout
{
    /// <summary>A tensor at a byte offset: a matrix of Rows × Columns floats, or a vector of Columns floats (Rows = 0).</summary>
    public readonly record struct Tensor(long Offset, int Rows, int Columns);

    /// <summary>Throws <see cref="ModelLoadException"/> unless the file holds exactly the arrays the header implies
    /// (the RoPE tables at the end may be absent; the classifier must be there iff vocab_size is negative).</summary>
    public static void CheckFileLength(string path, Llama2cHeader header, long fileLength)
    {
        long weights, ropeTables, classifier;
        try
        {
            checked
            {
                long floats = WeightFloats(header);
                weights = Llama2cHeader.ByteCount + floats * sizeof(float);
                ropeTables = 2L * header.SeqLen * (header.HeadSize / 2) * sizeof(float);
                classifier = header.SharedClassifier ? 0 : (long)header.Vocab * header.Dim * sizeof(float);
            }
        }
        catch (OverflowException ex)
        {
            throw new ModelLoadException(path, "the header's sizes overflow.", ex);
        }

        long withTables = weights + ropeTables + classifier;
        long withoutTables = weights + classifier;
        if (fileLength != withTables && fileLength != withoutTables)
        {
            string classifierText = header.SharedClassifier ? "shared classifier" : "separate classifier";
            throw new ModelLoadException(path,
                $"the file has {fileLength} bytes; the header ({header.Dim}/{header.HiddenDim}/{header.Layers}/{header.Heads}/" +
                $"{header.KvHeads}/{header.VocabSize}/{header.SeqLen}, {classifierText}) implies {withTables} bytes " +
                $"(or {withoutTables} without the RoPE tables).");
        }
    }

    /// <summary>The tensors under their GGUF names. The header must be valid and the file length checked.</summary>
    public static Dictionary<string, Tensor> Tensors(Llama2cHeader h)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        long offset = Llama2cHeader.ByteCount;
        int dim = h.Dim, kvDim = h.KvDim, hidden = h.HiddenDim;

        tensors["token_embd.weight"] = new Tensor(offset, h.Vocab, dim);
        offset += (long)h.Vocab * dim * sizeof(float);
        offset = PerLayer(tensors, h.Layers, "attn_norm.weight", offset, 0, dim);
        offset = PerLayer(tensors, h.Layers, "attn_q.weight", offset, dim, dim);
        offset = PerLayer(tensors, h.Layers, "attn_k.weight", offset, kvDim, dim);
        offset = PerLayer(tensors, h.Layers, "attn_v.weight", offset, kvDim, dim);
        offset = PerLayer(tensors, h.Layers, "attn_output.weight", offset, dim, dim);
        offset = PerLayer(tensors, h.Layers, "ffn_norm.weight", offset, 0, dim);
        offset = PerLayer(tensors, h.Layers, "ffn_gate.weight", offset, hidden, dim); // w1
        offset = PerLayer(tensors, h.Layers, "ffn_down.weight", offset, dim, hidden); // w2
        offset = PerLayer(tensors, h.Layers, "ffn_up.weight", offset, hidden, dim);   // w3
        tensors["output_norm.weight"] = new Tensor(offset, 0, dim);
        offset += (long)dim * sizeof(float);
        offset += 2L * h.SeqLen * (h.HeadSize / 2) * sizeof(float); // freq_cis_real, freq_cis_imag: unused
        if (!h.SharedClassifier)
            tensors["output.weight"] = new Tensor(offset, h.Vocab, dim);
        return tensors;
    }

    private static long WeightFloats(Llama2cHeader h)
    {
        long dim = h.Dim, kvDim = h.KvDim, hidden = h.HiddenDim, layers = h.Layers;
        long perLayer = dim                     // rms_att
            + dim * dim + 2 * kvDim * dim       // wq, wk, wv
            + dim * dim                         // wo
            + dim                               // rms_ffn
            + 3 * hidden * dim;                 // w1, w2, w3
        return h.Vocab * dim + layers * perLayer + dim; // token_embedding, layers, rms_final
    }

    private static long PerLayer(Dictionary<string, Tensor> tensors, int layers, string suffix, long offset, int rows, int columns)
    {
        long bytes = (long)Math.Max(rows, 1) * columns * sizeof(float);
        for (int i = 0; i < layers; i++)
            tensors[$"blk.{i}.{suffix}"] = new Tensor(offset + i * bytes, rows, columns);
        return offset + layers * bytes;
    }
}
