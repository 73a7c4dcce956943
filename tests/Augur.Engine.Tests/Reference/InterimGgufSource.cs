using Augur.Models;
using Augur.Models.Gguf;
using Augur.Tensors;
using Augur.Tensors.Quant;
using Augur.Tests.Common;

namespace Augur.Engine.Reference.Tests;

/// <summary>Temporary until ModelFile lands: a GGUF file as an ITensorSource, and the config of a synthetic shape.</summary>
internal sealed class InterimGgufSource(GgufFile file) : ITensorSource
{
    public string Path => file.Path;

    public bool Contains(string name) => file.FindTensor(name) is not null;

    public WeightMatrix GetMatrix(string name) => file.GetWeightMatrix(file.GetTensor(name));

    public float[] GetVector(string name)
    {
        GgufTensorInfo info = file.GetTensor(name);
        var values = new float[info.ElementCount];
        QuantFormats.Dequantize(info.Type, file.GetTensorData(info), values);
        return values;
    }

    public static ModelConfig ConfigOf(SyntheticModelShape s) => new()
    {
        Architecture = s.Architecture,
        EmbeddingLength = s.Dim,
        BlockCount = s.Layers,
        HeadCount = s.Heads,
        HeadCountKv = s.KvHeads,
        FeedForwardLength = s.FeedForward,
        VocabSize = s.VocabSize,
        ContextLength = s.ContextLength,
        RopeFreqBase = s.RopeTheta,
        RopeStyle = s.HasQkvBias ? RopeStyle.NeoX : RopeStyle.Normal,
    };
}
