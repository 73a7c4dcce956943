using Augur.Bench.Batch;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur bench-batch</c>: the async batch API's throughput against the same requests sent interactively (one at a
/// time, and all at once), and interactive time to first token with and without a batch running, on the real server
/// in this process.
/// </summary>
internal static class BenchBatchCommand
{
    public const string Help = """
        usage: augur bench-batch (--model FILE [--tokenizer FILE] | --shape NAME --type TYPE) [options]

          --threads N, -t N        engine threads (all cores)
          --items N                requests of the workload: one batch, one at a time, all at once (64)
          --output-tokens N        tokens each workload request asks for, greedy (32)
          --interactive N          sequential streamed requests per TTFT series, without then with a batch (20)
          --interactive-tokens N   tokens of each of those (16)
          --background-items N     items of the batch running during the second series (4 x --items)
          --kv-mib N               KV cache of the model, MiB (512)
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
        int items = args.Int("items", 64, 1, 100_000);
        var options = new BatchBenchmarkOptions
        {
            Threads = args.Int("threads", Environment.ProcessorCount, 1, 1024, alias: "t"),
            Items = items,
            OutputTokens = args.Int("output-tokens", 32, 1, 1 << 20),
            Interactive = args.Int("interactive", 20, 1, 100_000),
            InteractiveTokens = args.Int("interactive-tokens", 16, 1, 1 << 20),
            BackgroundItems = args.Int("background-items", 4 * items, 1, 1_000_000),
            KvCacheBytes = (long)args.Int("kv-mib", 512, 1, 1 << 20) << 20,
        };
        args.Positionals(0, "no positional arguments (the model goes after --model)");
        args.EnsureAllUsed();
        model = BenchCommand.ResolveModel(model, shape, typeName, tokenizer);

        Console.Error.WriteLine($"bench-batch: serving {model}");
        BatchBenchmarkReport report = BatchBenchmark.RunAsync(model, tokenizer, options, line => Console.Error.WriteLine($"bench-batch: {line}"))
            .GetAwaiter().GetResult();
        Console.Out.Write(report.ToTable());
        return 0;
    }
}
