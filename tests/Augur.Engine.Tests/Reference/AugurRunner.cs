using Augur.Engine.Model;
using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Reference.Tests;

/// <summary>Augur's side of a differential test: a model file loaded into a <see cref="Transformer"/> on one thread.</summary>
internal sealed class AugurRunner : IDisposable
{
    private readonly ModelFile _file;
    private readonly WorkerPool _pool = new(1);
    private readonly Transformer _transformer;

    public AugurRunner(string path, int contextLength)
    {
        _file = ModelFile.Open(path);
        var weights = ModelWeights.Load(_file.Config, _file.Tensors);
        _transformer = new Transformer(weights, _pool, new TransformerOptions { ContextLength = contextLength, MaxBatchTokens = 32 });
    }

    /// <summary>Logits (vocab) after <paramref name="prompt"/>, from an empty cache.</summary>
    public float[] Logits(ReadOnlySpan<int> prompt)
    {
        _transformer.Truncate(0);
        return _transformer.Prefill(prompt, 0).ToArray();
    }

    /// <summary>
    /// The argmax continuation (lowest id on ties, as <c>LlamaCppReference.Greedy</c>): prefill, then one token at a time.
    /// </summary>
    public int[] Greedy(ReadOnlySpan<int> prompt, int count)
    {
        _transformer.Truncate(0);
        var generated = new int[count];
        int position = prompt.Length;
        ReadOnlySpan<float> logits = _transformer.Prefill(prompt, 0);
        for (int i = 0; i < count; i++)
        {
            generated[i] = LogitStats.ArgMax(logits);
            if (i + 1 < count)
                logits = _transformer.Forward(generated[i], position++);
        }
        return generated;
    }

    /// <summary>Logits after each token of <paramref name="tokens"/>, fed one at a time from an empty cache (the decode path).</summary>
    public float[][] ForwardEach(ReadOnlySpan<int> tokens)
    {
        _transformer.Truncate(0);
        var rows = new float[tokens.Length][];
        for (int i = 0; i < tokens.Length; i++)
            rows[i] = _transformer.Forward(tokens[i], i).ToArray();
        return rows;
    }

    public void Dispose()
    {
        _pool.Dispose();
        _file.Dispose();
    }
}
