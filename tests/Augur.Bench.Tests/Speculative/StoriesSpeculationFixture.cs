using Augur.Bench.Speculative;
using Augur.Models.Llama2c;
using Augur.Models.Tokenizers;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Bench.Speculative.Tests;

/// <summary>
/// stories260K as target and llama2xs (same tok512 vocabulary) as draft, converted from their llama2.c files once per
/// class, then one <see cref="SpeculativeBenchmark"/> run with a draft model, n-gram lookup and two replay drafters.
/// One thread: the machine is small and shared.
/// </summary>
public sealed class StoriesSpeculationFixture : IDisposable
{
    public const double ReplayHigh = 0.8, ReplayLow = 0.4;

    public static readonly SpeculativeBenchmarkOptions Options = new() { DecodeTokens = 160, Repeats = 2, WarmupRounds = 1, Threads = 1, Seed = 77 };

    private readonly TempDirectory _directory = new();

    public StoriesSpeculationFixture()
    {
        string target = _directory.File("stories260K.gguf"), draft = _directory.File("llama2xs.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, target);
        Llama2cConverter.Convert(TestModels.Llama2xsBin, TestModels.Tok512Bin, draft);
        Target = LoadedModel.Open(target);
        Draft = LoadedModel.Open(draft);
        Pool = new WorkerPool(Options.Threads);
        Drafters =
        [
            new DrafterSpec("llama2xs", DrafterKind.DraftModel, 4) { Model = Draft.AsDraft, ModelPath = draft },
            new DrafterSpec("n-gram", DrafterKind.Ngram, 3),
            new DrafterSpec("replay high", DrafterKind.Replay, 4) { ReplayAcceptance = ReplayHigh },
            new DrafterSpec("replay low", DrafterKind.Replay, 2) { ReplayAcceptance = ReplayLow },
        ];
        int[] prompt = Target.File.Tokenizer.Encode("Once upon a time, Lily", new EncodeSettings { AddBos = true });
        Report = SpeculativeBenchmark.Run(new SpeculativeInputs(Target.Weights, Target.File.Tokenizer, Pool, prompt, Target.Summary), Drafters, Options);
    }

    public LoadedModel Target { get; }

    public LoadedModel Draft { get; }

    public WorkerPool Pool { get; }

    public IReadOnlyList<DrafterSpec> Drafters { get; }

    public SpeculativeReport Report { get; }

    public void Dispose()
    {
        Pool.Dispose();
        Draft.Dispose();
        Target.Dispose();
        _directory.Dispose();
    }
}
