using System.Globalization;
using Augur.Bench;
using Augur.Bench.Speculative;
using Augur.Models;
using Augur.Models.Quantization;
using Augur.Models.Tokenizers;
using Augur.Tensors;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur bench-spec</c>: speculative against plain greedy decoding of one target at batch 1, per drafter (draft
/// models, n-gram lookup, and replay drafters of chosen acceptance), in the same run, with each drafter's measured
/// acceptance α and cost ratio c and the speedup Leviathan et al.'s formula predicts from them beside the measured one;
/// with <c>--vs-llamacpp</c> also llama.cpp's plain decode of the same file. Table or JSON lines to stdout, one progress
/// line per timed decode to stderr, <c>--chart</c> for a chart.
/// </summary>
internal static class BenchSpecCommand
{
    public const string Help = """
        usage: augur bench-spec (--model FILE | --shape NAME --type TYPE) [drafters] [options]

        target:
          --model FILE             a GGUF file
          --shape NAME --type T    a synthetic random-weight model (llama-1b, tiny-24m), cached as for augur bench
        drafters (any number, each run against the same plain decode):
          --draft FILE             a draft model of the target's vocabulary (repeatable)
          --draft-type T           the target's synthetic shape and seed in weight type T, e.g. q4_0 (repeatable; with --shape)
          --draft-shape NAME[:T]   a synthetic model of shape NAME in type T (default the target's type), same
                                   vocabulary (repeatable), e.g. tiny-24m:q8_0
          --ngram                  n-gram prompt lookup
          --replay                 replay drafters: the target's own greedy continuation with each token replaced by
                                   another at rate 1-α, for every α of --alphas and γ of --draft-lengths
          --alphas LIST            replay acceptances (0.5,0.7,0.9)
          --draft-lengths LIST     replay draft lengths (1,2,4,8)
          --draft-tokens N         draft length γ of the other drafters (4), fixed unless --adaptive
          --adaptive               let the engine's policy choose each step's draft length (at most γ)
        run:
          --prompt TEXT            the prompt (encoded with BOS); default a pseudo-random prompt of --prompt-tokens
          --prompt-tokens N        length of the pseudo-random prompt (32)
          --decode-tokens N        tokens generated greedily after the prompt (128)
          --repeat N               measured rounds (3); each runs plain, llama.cpp, then every drafter
          --warmup N               discarded rounds first (1)
          --threads N, -t N        threads (all cores)
          --seed S                 seed of the prompt and the replay corruption (1234)
          --vs-llamacpp            also llama.cpp's plain decode of the target (GGUF only)
        output:
          (default)                a table; --json: JSON lines (run, measurement, baseline, drafter)
          --chart FILE             also a chart, FILE.svg or FILE.png: measured vs predicted speedup per drafter, and
                                   for --replay speedup vs α (a line per γ) and vs γ (a line per α), predicted dashed
                                   with open markers (PNG only: the SVG writer draws the dashes solid)
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
        IReadOnlyList<string> draftFiles = args.Strings("draft");
        IReadOnlyList<string> draftTypes = args.Strings("draft-type");
        IReadOnlyList<string> draftShapes = args.Strings("draft-shape");
        bool ngram = args.Switch("ngram"), replay = args.Switch("replay"), adaptive = args.Switch("adaptive");
        double[] alphas = Numbers(args.String("alphas") ?? "0.5,0.7,0.9", "alphas", 0, 1);
        int[] lengths = [.. Numbers(args.String("draft-lengths") ?? "1,2,4,8", "draft-lengths", 1, 16).Select(l => (int)l)];
        int draftTokens = args.Int("draft-tokens", 4, 1, 16);
        string? promptText = args.String("prompt");
        int promptTokens = args.Int("prompt-tokens", 32, 1, 4096);
        var options = new SpeculativeBenchmarkOptions
        {
            DecodeTokens = args.Int("decode-tokens", 128, 2, 1 << 16),
            Repeats = args.Int("repeat", 3, 1, 1000),
            WarmupRounds = args.Int("warmup", 1, 0, 100),
            Threads = args.Int("threads", Environment.ProcessorCount, 1, 1024, alias: "t"),
            Seed = args.Int("seed", 1234),
        };
        bool versusLlamaCpp = args.Switch("vs-llamacpp"), json = args.Switch("json");
        string? chart = args.String("chart");
        args.Positionals(0, "no positional arguments");
        args.EnsureAllUsed();
        if (chart is not null && Path.GetExtension(chart).ToLowerInvariant() is not (".svg" or ".png"))
            throw new UsageException("--chart takes a file name ending in .svg or .png");
        if (draftTypes.Count > 0 && shape is null)
            throw new UsageException("--draft-type goes with a synthetic --shape target; give a file with --draft");
        if (draftFiles.Count + draftTypes.Count + draftShapes.Count == 0 && !ngram && !replay)
            throw new UsageException("give at least one drafter: --draft, --draft-type, --draft-shape, --ngram or --replay");

        string targetPath = ResolveTarget(model, shape, typeName);
        var owned = new List<IDisposable>();
        try
        {
            Console.Error.WriteLine($"bench-spec: loading {targetPath}");
            LoadedModel target = Load(targetPath, owned);
            var drafters = new List<DrafterSpec>();
            foreach (string file in draftFiles)
                drafters.Add(ModelDrafter(Path.GetFileNameWithoutExtension(file), file, draftTokens, adaptive, owned));
            foreach (string type in draftTypes)
                drafters.Add(ModelDrafter($"{shape} {type}", Synthetic(shape!, type), draftTokens, adaptive, owned));
            foreach (string spec in draftShapes)
            {
                string[] parts = spec.Split(':');
                string type = parts.Length > 1 ? parts[1] : typeName ?? throw new UsageException("--draft-shape NAME needs :TYPE with a --model target");
                drafters.Add(ModelDrafter($"{parts[0]} {type}", Synthetic(parts[0], type), draftTokens, adaptive, owned));
            }
            if (ngram)
                drafters.Add(new DrafterSpec("n-gram", DrafterKind.Ngram, draftTokens, adaptive));
            if (replay)
            {
                foreach (double alpha in alphas)
                {
                    foreach (int length in lengths)
                    {
                        string name = string.Create(CultureInfo.InvariantCulture, $"replay α={alpha:G3} γ={length}");
                        drafters.Add(new DrafterSpec(name, DrafterKind.Replay, length) { ReplayAcceptance = alpha });
                    }
                }
            }

            ITokenizer tokenizer = target.File.Tokenizer;
            int[] prompt = promptText is not null
                ? tokenizer.Encode(promptText, new EncodeSettings { AddBos = true })
                : BenchmarkPrompt.Create(tokenizer.Vocabulary, promptTokens, options.Seed).Tokens.ToArray();
            if (prompt.Length + options.DecodeTokens + 17 > target.File.Config.ContextLength)
                throw new UsageException($"the prompt ({prompt.Length} tokens) and --decode-tokens do not fit the context of {target.File.Config.ContextLength}");

            using var pool = new WorkerPool(options.Threads);
            using LlamaCppEngineUnderTest? llamaCpp = versusLlamaCpp ? LoadLlamaCpp(targetPath, options.Threads, prompt.Length + options.DecodeTokens + 8) : null;
            var inputs = new SpeculativeInputs(target.Weights, tokenizer, pool, prompt, target.Summary);
            SpeculativeReport report = SpeculativeBenchmark.Run(inputs, drafters, options, llamaCpp, line => Console.Error.WriteLine($"bench-spec: {line}"));

            if (json)
                SpeculativeJsonLines.Write(report, Console.Out);
            else
                SpeculativeTable.Write(report, Console.Out);
            if (chart is not null)
            {
                SpeculativeChart.Write(report, chart);
                Console.Error.WriteLine($"bench-spec: chart written to {chart}");
            }
            return 0;
        }
        finally
        {
            foreach (IDisposable d in Enumerable.Reverse(owned))
                d.Dispose();
        }
    }

    private static DrafterSpec ModelDrafter(string name, string path, int draftTokens, bool adaptive, List<IDisposable> owned)
    {
        Console.Error.WriteLine($"bench-spec: loading draft {path}");
        LoadedModel draft = Load(path, owned);
        return new DrafterSpec(name, DrafterKind.DraftModel, draftTokens, adaptive) { Model = draft.AsDraft, ModelPath = path };
    }

    private static LoadedModel Load(string path, List<IDisposable> owned)
    {
        LoadedModel loaded = LoadedModel.Open(path);
        owned.Add(loaded);
        return loaded;
    }

    private static string ResolveTarget(string? model, string? shape, string? typeName)
    {
        if (model is not null)
        {
            return shape is null && typeName is null
                ? model
                : throw new UsageException("give either --model or --shape with --type, not both");
        }
        if (shape is null || typeName is null)
            throw new UsageException("missing required option --model (or --shape NAME --type TYPE)");
        return Synthetic(shape, typeName);
    }

    private static string Synthetic(string shape, string typeName) => BenchCommand.SyntheticModel(shape, typeName, "bench-spec");

    private static double[] Numbers(string list, string option, double min, double max)
    {
        string[] items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || values[i] < min || values[i] > max)
                throw new UsageException($"--{option} takes comma-separated numbers in [{min}, {max}], got '{items[i]}'");
        }
        return items.Length > 0 ? values : throw new UsageException($"--{option} is empty");
    }

    private static LlamaCppEngineUnderTest LoadLlamaCpp(string model, int threads, int contextTokens)
    {
        try
        {
            return LlamaCppEngineUnderTest.Load(model, threads, contextTokens, batchTokens: 512);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or IOException))
        {
            throw new ModelLoadException(model, $"llama.cpp could not load it: {e.Message}", e);
        }
    }
}
