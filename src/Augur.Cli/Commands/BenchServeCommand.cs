using System.Globalization;
using Augur.Bench;
using Augur.Bench.Serving;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur bench-serve</c>: the serving engine's benchmarks (prefix-cache time to first token, decode throughput
/// against concurrency next to llama.cpp's batched decode, interactive latency under a batch load, multi-turn prefix
/// hit rate) on the same model options as <c>augur bench</c>. A table (or JSON lines with <c>--json</c>) goes to
/// stdout, progress to stderr; <c>--chart</c> writes the concurrency sweep as a line chart.
/// </summary>
internal static class BenchServeCommand
{
    public const string Help = """
        usage: augur bench-serve (--model FILE [--tokenizer FILE] | --shape NAME --type TYPE) [options]

        model (as augur bench):
          --model FILE             a GGUF file (or a llama2.c checkpoint with --tokenizer)
          --shape NAME --type TYPE a synthetic random-weight model (llama-1b, base-110m, tiny-24m), cached once written
        reports:
          --reports LIST           which to run, comma-separated: prefix,concurrency,interference,chat (all)
          --threads N, -t N        threads of every engine (all cores)
          --seed S                 seed of every prompt (1234)
          --warmup N               discarded warm-up rounds (1)
        prefix cache (TTFT of a request whose prefix is cached, against a fresh prefix):
          --prefix-tokens N        the shared prefix (2000)
          --suffix-tokens N        each request's own tail after it (16)
          --rounds N               measured rounds; medians (5)
        concurrency (aggregate decode tok/s, all sequences submitted together):
          --concurrency LIST       sequence counts, comma-separated (1,2,4,8,16,32)
          --prompt-tokens N        each sequence's prompt (32)
          --decode-tokens N        tokens each sequence generates (32)
          --concurrency-rounds N   rounds per count; medians (1)
          --vs-llamacpp            also llama.cpp's batched decode on the same GGUF file
        interference (interactive TTFT alone and under a batch load):
          --interactive N          interactive requests (20), one every --interval-ms MS (1000)
          --interactive-tokens N   their prompts (64)
          --batch-clients N        clients keeping batch requests running (2 x --max-running)
          --batch-prompt-tokens N  each batch request's prompt (128) and generated tokens
          --batch-max-tokens N       (64)
        multi-turn chat (prefix hit rate against the theoretical maximum):
          --conversations N        interleaved conversations (10) of --turns N turns (8)
          --user-tokens N          each new user message (32), each answer --answer-tokens N (16)
        engine:
          --kv-mib N               KV cache budget per engine, MiB, F16 16-token blocks (256)
          --max-batch-tokens N     tokens per step (256); --prefill-chunk N prompt tokens per sequence and step (128)
          --max-running N          sequences running at once (32)
        output:
          (default)                a table
          --json                   JSON lines: run, prefixCache, concurrency (one per engine and count), interference, chat
          --chart FILE             also a line chart of the concurrency sweep, FILE.svg or FILE.png
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
        string? tokenizer = args.String("tokenizer");
        string? chart = args.String("chart");
        bool versusLlamaCpp = args.Switch("vs-llamacpp");
        bool json = args.Switch("json");
        int maxRunning = args.Int("max-running", 32, 1, 1024);
        var options = new ServingBenchmarkOptions
        {
            Reports = ParseReports(args.String("reports")),
            Threads = args.Int("threads", Environment.ProcessorCount, 1, 1024, alias: "t"),
            Seed = args.Int("seed", 1234),
            WarmupRounds = args.Int("warmup", 1, 0, 100),
            KvBudgetBytes = (long)args.Int("kv-mib", 256, 1, 1 << 20) << 20,
            MaxBatchTokens = args.Int("max-batch-tokens", 256, 1, 1 << 16),
            PrefillChunkTokens = args.Int("prefill-chunk", 128, 1, 1 << 16),
            MaxRunningSequences = maxRunning,
            PrefixTokens = args.Int("prefix-tokens", 2000, 1, 1 << 20),
            SuffixTokens = args.Int("suffix-tokens", 16, 1, 1 << 20),
            PrefixRounds = args.Int("rounds", 5, 1, 1000),
            ConcurrencyLevels = ParseLevels(args.String("concurrency")),
            ConcurrencyPromptTokens = args.Int("prompt-tokens", 32, 1, 1 << 20),
            DecodeTokens = args.Int("decode-tokens", 32, 2, 1 << 20),
            ConcurrencyRounds = args.Int("concurrency-rounds", 1, 1, 1000),
            InteractiveRequests = args.Int("interactive", 20, 1, 10_000),
            InteractiveInterval = TimeSpan.FromMilliseconds(args.Int("interval-ms", 1000, 0, 600_000)),
            InteractivePromptTokens = args.Int("interactive-tokens", 64, 1, 1 << 20),
            BatchClients = args.Int("batch-clients", 0, 0, 10_000),
            BatchPromptTokens = args.Int("batch-prompt-tokens", 128, 1, 1 << 20),
            BatchMaxTokens = args.Int("batch-max-tokens", 64, 1, 1 << 20),
            Conversations = args.Int("conversations", 10, 1, 10_000),
            Turns = args.Int("turns", 8, 1, 1000),
            UserTokens = args.Int("user-tokens", 32, 1, 1 << 20),
            AnswerTokens = args.Int("answer-tokens", 16, 1, 1 << 20),
        };
        args.Positionals(0, "no positional arguments (the model goes after --model)");
        args.EnsureAllUsed();
        if (chart is not null && Path.GetExtension(chart).ToLowerInvariant() is not (".svg" or ".png"))
            throw new UsageException("--chart takes a file name ending in .svg or .png");
        if (chart is not null && !options.Reports.HasFlag(ServingReports.Concurrency))
            throw new UsageException("--chart draws the concurrency sweep: include concurrency in --reports");
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"bad counts: {e.Message.Split('\n')[0]}");
        }
        model = BenchCommand.ResolveModel(model, shape, typeName, tokenizer);
        if (versusLlamaCpp && File.Exists(model) && !BenchCommand.IsGguf(model))
            throw new UsageException("--vs-llamacpp needs a GGUF model: llama.cpp cannot read llama2.c checkpoints");

        Console.Error.WriteLine($"bench-serve: loading {model}");
        using ServingModel served = ServingModel.Open(model, tokenizer, options.Threads);
        ServingReport report;
        try
        {
            report = ServingBenchmark.RunAsync(served, options, versusLlamaCpp ? model : null, line => Console.Error.WriteLine($"bench-serve: {line}"))
                .GetAwaiter().GetResult();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split('\n')[0]);
        }

        if (json)
            ServingJsonLines.Write(report, Console.Out);
        else
            ServingTable.Write(report, Console.Out);
        if (chart is not null && report.Concurrency is { } concurrency)
        {
            ServingChart.Write(concurrency, report.Model, chart);
            Console.Error.WriteLine($"bench-serve: chart written to {chart}");
        }
        return 0;
    }

    private static ServingReports ParseReports(string? text)
    {
        if (text is null)
            return ServingReports.All;
        ServingReports reports = ServingReports.None;
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            reports |= name switch
            {
                "prefix" => ServingReports.PrefixCache,
                "concurrency" => ServingReports.Concurrency,
                "interference" => ServingReports.Interference,
                "chat" => ServingReports.Chat,
                _ => throw new UsageException($"--reports takes prefix, concurrency, interference or chat, got '{name}'"),
            };
        }
        return reports == ServingReports.None ? throw new UsageException("--reports names no report") : reports;
    }

    private static int[] ParseLevels(string? text)
    {
        if (text is null)
            return [1, 2, 4, 8, 16, 32];
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var levels = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out levels[i]) || levels[i] < 1)
                throw new UsageException($"--concurrency takes positive counts separated by commas, got '{text}'");
        }
        return levels;
    }
}
