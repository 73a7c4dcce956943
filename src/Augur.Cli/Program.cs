using Augur.Cli.Commands;
using Augur.Models;

namespace Augur.Cli;

/// <summary>The <c>augur</c> command: dispatches to one command per verb.</summary>
internal static class Program
{
    private const string Usage = """
        usage: augur <command> [options]

        commands:
          run       --model FILE [--tokenizer FILE] --prompt TEXT [--chat [--system TEXT]] [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p P] [--seed S] [--threads N]
                    [--stop TEXT]...   (repeatable, at most 16: the output ends before the first one generated)
          info      FILE
          tokenize  --model FILE --text TEXT [--tokenizer FILE] [--ids] [--parse-special]
          convert   llama2c --model X.bin --tokenizer tok.bin --out X.gguf
          quantize  IN.gguf --type q8_0|q4_0|q4_1|q5_0|q5_1|q4_k|q5_k|q6_k|f16|bf16|f32 --out OUT.gguf
          pull      OWNER/REPO FILE [--models-dir DIR] [--revision R]   (from Hugging Face, or HF_ENDPOINT; HF_TOKEN for gated repos)
          serve     [--config augur.json] [--urls http://127.0.0.1:8787] [--models-dir DIR]... [--dev-no-auth]
                    (the Workers AI and OpenAI compatible HTTP server; models: ./models and ../shared/models by default)
          tokens    create --account ID [--name N] [--plan free|paid] | list [--account ID] | revoke TOKEN_ID
                    [--data-dir DIR (default ./data)] [--postgres CONNECTION]   (API tokens of augur serve's store)
          bench     (--model FILE [--tokenizer FILE] | --shape NAME --type T) [--vs-llamacpp] [--threads N] [--prompt-tokens N] [--decode-tokens N]
                    [--batch-sequences N] [--batched-prompt-tokens N] [--repeat N] [--warmup N] [--batch N] [--seed S] [--no-roofline]
                    [--json] [--chart FILE.svg|.png]   (augur bench --help for details)
          bench-serve (--model FILE | --shape NAME --type T) [--reports prefix,concurrency,interference,chat] [--vs-llamacpp] [--threads N]
                    [--json] [--chart FILE.svg|.png]   serving engine: prefix-cache TTFT, concurrency, interference, multi-turn chat
                    (augur bench-serve --help for the counts)
          bench-http (--model FILE | --shape NAME --type T) [--threads N] [--clients 1,8,32]
                    the HTTP server's overhead over the engine, and TTFT and tok/s under concurrent streaming clients
          bench-batch (--model FILE | --shape NAME --type T) [--items 64] [--output-tokens 32] [--interactive 20] [--threads N]
                    async batch vs one-at-a-time vs all-at-once throughput, and interactive TTFT with and without a batch running
          bench-spec (--model FILE | --shape NAME --type T) [--draft FILE] [--draft-type T] [--draft-shape NAME[:T]] [--ngram] [--replay]
                    [--draft-tokens N] [--decode-tokens N] [--vs-llamacpp] [--json] [--chart FILE]   (augur bench-spec --help for details)
          bench-lora (--model FILE | --shape NAME --type T) [--sequences N] [--adapters N] [--ranks 8,32] [--decode-tokens N] [--rounds N]
                    [--json]   throughput of a batch spread over LoRA adapters vs without (augur bench-lora --help for details)
        """;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            string[] rest = args[1..];
            return args[0] switch
            {
                "run" => RunCommand.Execute(CommandLine.Parse("run", rest, "chat")),
                "info" => InfoCommand.Execute(CommandLine.Parse("info", rest)),
                "tokenize" => TokenizeCommand.Execute(CommandLine.Parse("tokenize", rest, "ids", "parse-special")),
                "convert" => ConvertCommand.Execute(CommandLine.Parse("convert", rest)),
                "quantize" => QuantizeCommand.Execute(CommandLine.Parse("quantize", rest)),
                "pull" => PullCommand.Execute(CommandLine.Parse("pull", rest)),
                "serve" => ServeCommand.Execute(CommandLine.Parse("serve", rest, "dev-no-auth")),
                "tokens" => TokensCommand.Execute(rest),
                "bench" => BenchCommand.Execute(CommandLine.Parse("bench", rest, "json", "vs-llamacpp", "no-roofline", "help")),
                "bench-serve" => BenchServeCommand.Execute(CommandLine.Parse("bench-serve", rest, "json", "vs-llamacpp", "help")),
                "bench-http" => BenchHttpCommand.Execute(CommandLine.Parse("bench-http", rest, "help")),
                "bench-batch" => BenchBatchCommand.Execute(CommandLine.Parse("bench-batch", rest, "help")),
                "bench-spec" => BenchSpecCommand.Execute(CommandLine.Parse("bench-spec", rest, "json", "vs-llamacpp", "ngram", "replay", "adaptive", "help")),
                "bench-lora" => BenchLoraCommand.Execute(CommandLine.Parse("bench-lora", rest, "json", "help")),
                _ => throw new UsageException($"unknown command '{args[0]}' (try 'augur --help')"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"augur: {e.Message}");
            return 2;
        }
        catch (ModelLoadException e)
        {
            Console.Error.WriteLine($"augur: cannot load {e.Path}: {e.Fault}");
            return 1;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"augur: {e.Message}");
            return 1;
        }
    }
}
