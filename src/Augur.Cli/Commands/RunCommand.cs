using System.Globalization;
using System.Text;
using Augur.Engine.Generation;
using Augur.Engine.Sampling;
using Augur.Models.Tokenizers;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur run</c>: one generation, the text (and nothing else) streamed to stdout token by token; timings to stderr.
/// With <c>--chat</c> the prompt is a user message (after an optional <c>--system</c> message), rendered with the
/// model's own chat template. Each <c>--stop TEXT</c> (repeatable) ends the generation when the text produces it; the
/// stop string itself is not printed.
/// Defaults follow llama.cpp's CLI: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05.
/// </summary>
internal static class RunCommand
{
    public static int Execute(CommandLine args)
    {
        string model = args.RequiredString("model", "m");
        string? tokenizer = args.String("tokenizer");
        string prompt = args.String("prompt", "p") ?? "";
        bool chat = args.Switch("chat");
        string? system = args.String("system");
        int maxTokens = args.Int("n", 256, 0, 1 << 20, alias: "max-tokens");
        int threads = args.Int("threads", 0, 0, 1024, alias: "t");
        int context = args.Int("ctx-size", 0, 0, 1 << 24, alias: "c");
        var sampling = new SamplingOptions
        {
            Temperature = args.Float("temp", 0.8f, 0f, 100f),
            TopK = args.Int("top-k", 40, 0, int.MaxValue),
            TopP = args.Float("top-p", 0.95f, float.Epsilon, 1f),
            MinP = args.Float("min-p", 0.05f, 0f, 1f),
            RepetitionPenalty = args.Float("repeat-penalty", 1f, float.Epsilon, 100f),
            Seed = args.ULong("seed"),
        };
        IReadOnlyList<string> stop = args.Strings("stop");
        args.EnsureAllUsed();
        if (system is not null && !chat)
            throw new UsageException("--system needs --chat");
        CheckStops(stop);

        using ModelSession session = ModelSession.Open(model, tokenizer, threads, context);
        var generator = new Generator(session.Transformer, session.Tokenizer);
        EncodeSettings encoding = default;
        if (chat)
            (prompt, encoding) = ChatPrompt.Render(session.File, system, prompt);

        using Stream stdout = Console.OpenStandardOutput();
        var encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        byte[] buffer = new byte[1024];
        GenerationResult result = generator.Generate(prompt, maxTokens, sampling, text =>
        {
            if (text.IsEmpty)
                return;
            int needed = encoder.GetMaxByteCount(text.Length);
            if (needed > buffer.Length)
                buffer = new byte[needed];
            int written = encoder.GetBytes(text, buffer);
            stdout.Write(buffer, 0, written);
            stdout.Flush();
        }, encoding, stop);

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nprefill: {result.PromptTokens} tokens, {result.PrefillTokensPerSecond:F1} tok/s | " +
            $"decode: {result.CompletionTokens} tokens, {result.DecodeTokensPerSecond:F1} tok/s | " +
            $"threads {session.Pool.ThreadCount} | finish: {result.FinishReason.ToString().ToLowerInvariant()}"));
        return 0;
    }

    private static void CheckStops(IReadOnlyList<string> stop)
    {
        if (stop.Count > StopSequences.MaxCount)
            throw new UsageException($"--stop may be given at most {StopSequences.MaxCount} times, got {stop.Count}");
        foreach (string text in stop)
        {
            if (text.Length is 0 or > StopSequences.MaxLength)
                throw new UsageException($"--stop takes 1 to {StopSequences.MaxLength} characters, got {text.Length}");
        }
    }
}
