using Augur.Bench;
using Augur.Models;
using Augur.Models.Quantization;
using Augur.Tensors;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur bench</c>: prefill speed on a pseudo-random prompt, greedy decode speed at batch 1 and the total speed of
/// several sequences decoding together, for our engine and, with <c>--vs-llamacpp</c>, for llama.cpp on the same GGUF
/// file with the same threads, the two alternating round by round. The model is a file (<c>--model</c>) or a synthetic
/// one written once to a cache (<c>--shape</c>/<c>--type</c>). A roofline probe runs first, so that every rate is also
/// shown as a share of the machine's ceiling. The table (or JSON lines with <c>--json</c>) goes to stdout, one progress
/// line per engine turn to stderr; <c>--chart</c> also writes a bar chart.
/// </summary>
internal static class BenchCommand
{
    public const string Help = """
        usage: augur bench (--model FILE [--tokenizer FILE] | --shape NAME --type TYPE) [options]

        model:
          --model FILE             a GGUF file (or a llama2.c checkpoint with --tokenizer; ours only)
          --shape NAME             a synthetic random-weight model: llama-1b, base-110m or tiny-24m, written once to
          --type TYPE                the system temp folder (augur-bench-models/) and reused; TYPE is a weight type
                                   (f32, f16, q8_0, q4_0, q4_k, …)
        tests (each round runs every engine once, ours first; medians over the rounds):
          --vs-llamacpp            also run llama.cpp (LLamaSharp's bundled build) on the same file
          --prompt-tokens N        prefill prompt length (512)
          --decode-tokens N        greedy decode steps at batch 1, and steps of the batched test (128)
          --batch-sequences N      sequences decoding together in the batched test, total tok/s (8; 0 = off)
          --batched-prompt-tokens N  each batched sequence's own prompt (32)
          --threads N, -t N        threads for every engine (all cores)
          --batch N                most prompt tokens per evaluation (512)
          --repeat N               measured rounds (5)
          --warmup N               discarded rounds first (1)
          --seed S                 seed of the prompts (1234)
          --no-roofline            skip the roofline probe (read bandwidth, fp32 and int8 peaks, ~2 s)
        output:
          (default)                a table: median [min–max] tok/s per engine and test, ours/llama.cpp, and
                                   prefill as % of the compute peak (int8 for quantized weights, else fp32),
                                   decode and batched as % of the read bandwidth
          --json                   JSON lines instead, one object per line, each with a "kind":
                                   run (once: schema, model, machine, settings, roofline, cost, engines),
                                   measurement (engine, test, round, sequence, tokens, seconds, rate),
                                   summary (engine, test, supported, median, min, max, percentOfLimit, limit),
                                   ratio (test, value: ours over llama.cpp); test is prefill|decode|batched
          --chart FILE             also write a bar chart of the medians, FILE.svg or FILE.png
        """;

    private static ReadOnlySpan<byte> GgufMagic => "GGUF"u8;

    public static int Execute(CommandLine args)
    {
        if (args.Switch("help"))
        {
            Console.Out.WriteLine(Help);
            return 0;
        }

        string? model = args.String("model", "m");
        string? shape = args.String("shape");
        string? typeName = args.String("type");
        string? tokenizer = args.String("tokenizer");
        string? chart = args.String("chart");
        bool versusLlamaCpp = args.Switch("vs-llamacpp");
        bool json = args.Switch("json");
        bool roofline = !args.Switch("no-roofline");
        var options = new EndToEndBenchmarkOptions
        {
            Threads = args.Int("threads", Environment.ProcessorCount, 1, 1024, alias: "t"),
            PromptTokens = args.Int("prompt-tokens", 512, 1, 1 << 20),
            DecodeTokens = args.Int("decode-tokens", 128, 1, 1 << 20),
            BatchSequences = args.Int("batch-sequences", 8, 0, 256),
            BatchedPromptTokens = args.Int("batched-prompt-tokens", 32, 1, 1 << 16),
            Repeats = args.Int("repeat", 5, 1, 1000),
            WarmupRounds = args.Int("warmup", 1, 0, 100),
            BatchTokens = args.Int("batch", 512, 1, 1 << 16),
            Seed = args.Int("seed", 1234),
        };
        args.Positionals(0, "no positional arguments (the model goes after --model)");
        args.EnsureAllUsed();
        if (chart is not null && Path.GetExtension(chart).ToLowerInvariant() is not (".svg" or ".png"))
            throw new UsageException("--chart takes a file name ending in .svg or .png");
        model = ResolveModel(model, shape, typeName, tokenizer);
        if (versusLlamaCpp && File.Exists(model) && !IsGguf(model))
            throw new UsageException("--vs-llamacpp needs a GGUF model: llama.cpp cannot read llama2.c checkpoints");

        RooflineLimits? limits = null;
        if (roofline)
        {
            Console.Error.WriteLine($"bench: roofline probe on {options.Threads} threads");
            limits = RooflineProbe.Measure(options.Threads);
        }

        Console.Error.WriteLine($"bench: loading {model}");
        using AugurEngineUnderTest ours = AugurEngineUnderTest.Open(model, tokenizer, options.Threads, options.ContextTokens, options.BatchTokens);
        using LlamaCppEngineUnderTest? theirs = versusLlamaCpp ? LoadLlamaCpp(model, options) : null;
        IEngineUnderTest[] engines = theirs is null ? [ours] : [ours, theirs];

        var inputs = new BenchmarkInputs(
            ours.Summary,
            BenchmarkPrompt.Create(ours.Vocabulary, options.PromptTokens, options.Seed),
            BenchmarkPrompt.CreateBatch(ours.Vocabulary, options.BatchSequences, options.BatchedPromptTokens, options.Seed),
            ours.Cost,
            limits);
        BenchmarkReport report = EndToEndBenchmark.Run(inputs, engines, options, line => Console.Error.WriteLine($"bench: {line}"));

        if (json)
            BenchmarkJsonLines.Write(report, Console.Out);
        else
            BenchmarkTable.Write(report, Console.Out);
        if (chart is not null)
        {
            BenchmarkChart.Write(report, chart);
            Console.Error.WriteLine($"bench: chart written to {chart}");
        }
        return 0;
    }

    internal static string ResolveModel(string? model, string? shape, string? typeName, string? tokenizer)
    {
        if (model is not null)
        {
            return shape is null && typeName is null
                ? model
                : throw new UsageException("give either --model or --shape with --type, not both");
        }
        if (shape is null || typeName is null)
            throw new UsageException("missing required option --model (or --shape NAME --type TYPE)");
        if (tokenizer is not null)
            throw new UsageException("--tokenizer goes with a llama2.c --model; a synthetic model has its vocabulary");
        return SyntheticModel(shape, typeName, "bench");
    }

    /// <summary>
    /// The cached synthetic model of <paramref name="shape"/> in <paramref name="typeName"/>, written first when missing
    /// (progress on stderr, prefixed by <paramref name="command"/>).
    /// </summary>
    /// <exception cref="UsageException">No such shape or type.</exception>
    internal static string SyntheticModel(string shape, string typeName, string command)
    {
        if (!BenchmarkShapes.All.ContainsKey(shape))
            throw new UsageException($"shape must be one of {BenchmarkShapes.Names}, got '{shape}'");
        TensorType type;
        try
        {
            type = TensorTypeNames.Parse(typeName);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"type: {e.Message}");
        }
        return SyntheticModelCache.GetOrWrite(shape, type, progress: line => Console.Error.WriteLine($"{command}: {line}"));
    }

    private static LlamaCppEngineUnderTest LoadLlamaCpp(string model, EndToEndBenchmarkOptions options)
    {
        try
        {
            return LlamaCppEngineUnderTest.Load(model, options.Threads, options.ContextTokens, options.BatchTokens,
                options.BatchSequences, options.BatchedPositions);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or IOException))
        {
            // LLamaSharp reports a file it cannot load with its own exception types.
            throw new ModelLoadException(model, $"llama.cpp could not load it: {e.Message}", e);
        }
    }

    internal static bool IsGguf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length && magic.SequenceEqual(GgufMagic);
    }
}
