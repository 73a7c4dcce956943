using System.Globalization;
using Augur.Bench.Http;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur bench-http</c>: what the HTTP server costs over the engine (the same greedy request directly and through
/// HTTP + SSE, alternating) and how it behaves under concurrent streaming clients, on the real server in this process.
/// </summary>
internal static class BenchHttpCommand
{
    public const string Help = """
        usage: augur bench-http (--model FILE [--tokenizer FILE] | --shape NAME --type TYPE) [options]

          --threads N, -t N        engine threads (all cores)
          --decode-tokens N        tokens of each overhead request (128)
          --rounds N               overhead rounds, engine alone then HTTP; medians (5)
          --clients LIST           concurrent streaming clients of the load test (1,8,32)
          --requests N             requests per client and load level, back to back (3)
          --load-tokens N          tokens of each load request (32)
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
        string? clients = args.String("clients");
        var options = new HttpBenchmarkOptions
        {
            Threads = args.Int("threads", Environment.ProcessorCount, 1, 1024, alias: "t"),
            DecodeTokens = args.Int("decode-tokens", 128, 2, 1 << 20),
            Rounds = args.Int("rounds", 5, 1, 1000),
            RequestsPerClient = args.Int("requests", 3, 1, 10_000),
            LoadTokens = args.Int("load-tokens", 32, 1, 1 << 20),
            KvCacheBytes = (long)args.Int("kv-mib", 512, 1, 1 << 20) << 20,
            Clients = clients is null ? [1, 8, 32] : ParseClients(clients),
        };
        args.Positionals(0, "no positional arguments (the model goes after --model)");
        args.EnsureAllUsed();
        model = BenchCommand.ResolveModel(model, shape, typeName, tokenizer);

        Console.Error.WriteLine($"bench-http: serving {model}");
        HttpBenchmarkReport report = HttpBenchmark.RunAsync(model, tokenizer, options, line => Console.Error.WriteLine($"bench-http: {line}"))
            .GetAwaiter().GetResult();
        Console.Out.Write(report.ToTable());
        return 0;
    }

    private static int[] ParseClients(string list)
    {
        try
        {
            int[] counts = list.Split(',', StringSplitOptions.TrimEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return counts.All(n => n is >= 1 and <= 4096) ? counts : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new UsageException($"--clients takes counts from 1 to 4096 separated by commas, not '{list}'");
        }
    }
}
