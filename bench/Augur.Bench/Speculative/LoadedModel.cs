using System.Globalization;
using Augur.Engine.Model;
using Augur.Engine.Speculative;
using Augur.Models;

namespace Augur.Bench.Speculative;

/// <summary>A model file opened with its weights loaded, for a target or a draft of <see cref="SpeculativeBenchmark"/>.</summary>
public sealed class LoadedModel : IDisposable
{
    private LoadedModel(ModelFile file, ModelWeights weights)
    {
        File = file;
        Weights = weights;
    }

    public ModelFile File { get; }

    public ModelWeights Weights { get; }

    /// <summary>The model as a draft model for an engine.</summary>
    public DraftModel AsDraft => new(Weights, File.Tokenizer);

    /// <summary>The model for a report: its file, architecture, the first feed-forward gate's type and its shape in words.</summary>
    public ModelSummary Summary
    {
        get
        {
            ModelConfig c = File.Config;
            string shape = string.Create(CultureInfo.InvariantCulture,
                $"dim {c.EmbeddingLength}, {c.BlockCount} layers, {c.HeadCount} heads, {c.HeadCountKv} KV heads, ffn {c.FeedForwardLength}, vocab {c.VocabSize}");
            return new ModelSummary(File.Path, new FileInfo(File.Path).Length, c.Architecture, Weights.Layers[0].Gate.Matrix.Type.ToString(), shape);
        }
    }

    /// <summary>Opens <paramref name="path"/> (GGUF) and loads its weights.</summary>
    /// <exception cref="ModelLoadException">The model cannot be loaded.</exception>
    public static LoadedModel Open(string path)
    {
        ModelFile file = ModelFile.Open(path);
        try
        {
            return new LoadedModel(file, ModelWeights.Load(file.Config, file.Tensors));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Weights.Dispose();
        File.Dispose();
    }
}
