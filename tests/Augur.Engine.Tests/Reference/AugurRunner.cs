using Augur.Engine.Model;
using Augur.Models.Gguf;
using Augur.Tensors;

namespace Augur.Engine.Reference.Tests;

/// <summary>Augur's side of a differential test: a model file loaded into a <see cref="Transformer"/> on one thread.</summary>
internal sealed class AugurRunner : IDisposable
{
    private readonly GgufFile _file;
    private readonly WorkerPool _pool = new(1);
    private readonly Transformer _transformer;

    public AugurRunner(string path, DifferentialCase testCase, int contextLength)
    {
        _file = GgufFile.Open(path);
        var weights = ModelWeights.Load(InterimGgufSource.ConfigOf(testCase.Shape), new InterimGgufSource(_file));
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

    public void Dispose()
    {
        _pool.Dispose();
        _file.Dispose();
    }
}
