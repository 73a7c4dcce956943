using Augur.Bench.Lora;
using Augur.Bench.Speculative;
using Augur.Engine.Lora;
using Augur.Tensors;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur bench-lora</c>: decode (and prefill) throughput of a batch whose sequences are spread over several random
/// LoRA adapters against the same batch without adapters, in the same run, with the ratio (issue 9's target: ≥ 80 %).
/// Table or JSON lines to stdout, one progress line per timed run to stderr.
/// </summary>
internal static class BenchLoraCommand
{
    public const string Help = """
        usage: augur bench-lora (--model FILE | --shape NAME --type TYPE) [options]

        model:
          --model FILE             a GGUF file
          --shape NAME --type T    a synthetic random-weight model (base-110m, tiny-24m, llama-1b), cached as for augur bench
        batch:
          --sequences N            sequences decoded together (16)
          --adapters N             random adapters of every projection, sequence s using adapter s mod N (4)
          --ranks LIST             the adapters' ranks, in turn (8,32)
          --prompt-tokens N        tokens of each pseudo-random prompt, prefilled before decoding (64)
          --decode-tokens N        decode steps, one token of every sequence each (32)
          --batch N                tokens per prefill pass (256)
        run:
          --rounds N               measured rounds (5), each without and with adapters, in alternating order
          --warmup N               discarded rounds first (1)
          --threads N, -t N        threads (all cores)
          --seed S                 seed of the prompts and the adapters (1234)
        output:
          (default)                a table; --json: JSON lines (run, summary)
        """;

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
        string ranks = args.String("ranks") ?? "8,32";
        var options = new LoraBenchmarkOptions
        {
            Sequences = args.Int("sequences", 16, 1, 1024),
            Adapters = args.Int("adapters", 4, 1, 64),
            Ranks = Ranks(ranks),
            PromptTokens = args.Int("prompt-tokens", 64, 1, 1 << 16),
            DecodeTokens = args.Int("decode-tokens", 32, 1, 1 << 16),
            BatchTokens = args.Int("batch", 256, 1, 1 << 16),
            Rounds = args.Int("rounds", 5, 1, 1000),
            WarmupRounds = args.Int("warmup", 1, 0, 100),
            Seed = args.Int("seed", 1234),
        };
        int threads = args.Int("threads", Environment.ProcessorCount, 1, 1024, alias: "t");
        bool json = args.Switch("json");
        args.Positionals(0, "no positional arguments");
        args.EnsureAllUsed();
        string path = model is not null
            ? (shape is null && typeName is null ? model : throw new UsageException("give either --model or --shape with --type, not both"))
            : shape is not null && typeName is not null
                ? BenchCommand.SyntheticModel(shape, typeName, "bench-lora")
                : throw new UsageException("missing required option --model (or --shape NAME --type TYPE)");

        Console.Error.WriteLine($"bench-lora: loading {path}");
        using LoadedModel loaded = LoadedModel.Open(path);
        if (options.PromptTokens + options.DecodeTokens > loaded.File.Config.ContextLength)
            throw new UsageException($"--prompt-tokens and --decode-tokens do not fit the context of {loaded.File.Config.ContextLength}");
        string directory = Path.Combine(Path.GetTempPath(), $"augur-bench-lora-{Environment.ProcessId}");
        try
        {
            Console.Error.WriteLine($"bench-lora: writing {options.Adapters} random adapters");
            IReadOnlyList<LoraAdapter> adapters = RandomAdapters.Create(loaded.File.Config, options.Adapters, options.Ranks, options.Seed, directory);
            using var pool = new WorkerPool(threads);
            LoraBenchmarkReport report = LoraBenchmark.Run(loaded.Weights, loaded.File.Tokenizer.Vocabulary, pool, loaded.Summary, adapters, options,
                line => Console.Error.WriteLine($"bench-lora: {line}"));
            if (json)
                report.WriteJsonLines(Console.Out);
            else
                report.WriteTable(Console.Out);
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static int[] Ranks(string list)
    {
        string[] items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ranks = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ranks[i]) || ranks[i] is < 1 or > 256)
                throw new UsageException($"--ranks takes comma-separated ranks in [1, 256], got '{items[i]}'");
        }
        return items.Length > 0 ? ranks : throw new UsageException("--ranks is empty");
    }
}
