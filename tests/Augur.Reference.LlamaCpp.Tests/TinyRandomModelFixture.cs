using Augur.Tests.Common;

namespace Augur.Reference.LlamaCpp.Tests;

/// <summary>
/// One llama.cpp instance of the random-weight Llama 2 GGUF, shared by a test class. One thread: on a
/// busy 2-core machine ggml's spinning worker threads make 2-thread evaluation up to 50x slower.
/// </summary>
public sealed class TinyRandomModelFixture : IDisposable
{
    public static readonly LlamaCppOptions Options = LlamaCppOptions.Default with { Threads = 1, ContextSize = 256, BatchSize = 64 };

    public TinyRandomModelFixture()
    {
        Reference = LlamaCppReference.Load(TestModels.Llama2TinyRandomGguf, Options);
    }

    public LlamaCppReference Reference { get; }

    public void Dispose() => Reference.Dispose();
}
