using Augur.Bench;
using Augur.Models;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur bench</c>: prefill speed on a pseudo-random prompt and greedy decode speed at batch 1, for our engine and,
/// with <c>--vs-llamacpp</c>, for llama.cpp on the same GGUF file with the same threads, the two alternating round by
/// round. The table (or JSON with <c>--json</c>) goes to stdout, one progress line per engine turn to stderr.
/// </summary>
internal static class BenchCommand
{
    private static ReadOnlySpan<byte> GgufMagic => "GGUF"u8;

    public static int Execute(CommandLine args)
    {
        string model = args.RequiredString("model", "m");
        string? tokenizer = args.String("tokenizer");
        bool versusLlamaCpp = args.Switch("vs-llamacpp");
        bool json = args.Switch("json");
        var options = new EndToEndBenchmarkOptions
        {
            Threads = args.Int("threads", Environment.ProcessorCount, 1, 1024, alias: "t"),
            PromptTokens = args.Int("prompt-tokens", 512, 1, 1 << 20),
            DecodeTokens = args.Int("decode-tokens", 128, 1, 1 << 20),
            Repeats = args.Int("repeat", 5, 1, 1000),
            WarmupRounds = args.Int("warmup", 1, 0, 100),
            BatchTokens = args.Int("batch", 512, 1, 1 << 16),
            Seed = args.Int("seed", 1234),
        };
        args.Positionals(0, "no positional arguments (the model goes after --model)");
        args.EnsureAllUsed();
        if (versusLlamaCpp && File.Exists(model) && !IsGguf(model))
            throw new UsageException("--vs-llamacpp needs a GGUF model: llama.cpp cannot read llama2.c checkpoints");

        Console.Error.WriteLine($"bench: loading {model}");
        using AugurEngineUnderTest ours = AugurEngineUnderTest.Open(model, tokenizer, options.Threads, options.ContextTokens, options.BatchTokens);
        using LlamaCppEngineUnderTest? theirs = versusLlamaCpp ? LoadLlamaCpp(model, options) : null;
        IEngineUnderTest[] engines = theirs is null ? [ours] : [ours, theirs];

        BenchmarkPrompt prompt = BenchmarkPrompt.Create(ours.Vocabulary, options.PromptTokens, options.Seed);
        BenchmarkReport report = EndToEndBenchmark.Run(ours.Summary, prompt, engines, options, line => Console.Error.WriteLine($"bench: {line}"));

        if (json)
            Console.Out.WriteLine(BenchmarkJson.Serialize(report));
        else
            BenchmarkTable.Write(report, Console.Out);
        return 0;
    }

    private static LlamaCppEngineUnderTest LoadLlamaCpp(string model, EndToEndBenchmarkOptions options)
    {
        try
        {
            return LlamaCppEngineUnderTest.Load(model, options.Threads, options.ContextTokens, options.BatchTokens);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or IOException))
        {
            // LLamaSharp reports a file it cannot load with its own exception types.
            throw new ModelLoadException(model, $"llama.cpp could not load it: {e.Message}", e);
        }
    }

    private static bool IsGguf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length && magic.SequenceEqual(GgufMagic);
    }
}
