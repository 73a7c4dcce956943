using Augur.Models;

namespace Augur.Bench.Serving;

/// <summary>
/// The serving benchmarks behind <c>augur bench-serve</c>: the reports <see cref="ServingBenchmarkOptions.Reports"/>
/// selects, in the order prefix cache, concurrency, interference, chat, each on engines of its own over one loaded model.
/// </summary>
public static class ServingBenchmark
{
    /// <param name="model">The model every report serves.</param>
    /// <param name="options">What runs, with which counts; validated first.</param>
    /// <param name="llamaCppModel">The GGUF file llama.cpp runs the concurrency sweep on; null for ours only.</param>
    /// <param name="progress">Told one line per round or phase (e.g. for stderr); may be null.</param>
    /// <exception cref="ArgumentException">The options do not fit the model (a prompt longer than its context).</exception>
    public static async Task<ServingReport> RunAsync(ServingModel model, ServingBenchmarkOptions options, string? llamaCppModel = null, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckFits(model.Config, options);

        MachineSummary machine = MachineInfo.Capture();
        PrefixCacheResult? prefix = options.Reports.HasFlag(ServingReports.PrefixCache)
            ? await PrefixCacheBenchmark.RunAsync(model, options, progress).ConfigureAwait(false)
            : null;
        ConcurrencyResult? concurrency = options.Reports.HasFlag(ServingReports.Concurrency)
            ? await Task.Run(() => ConcurrencyBenchmark.Run(model, options, llamaCppModel, progress)).ConfigureAwait(false)
            : null;
        InterferenceResult? interference = options.Reports.HasFlag(ServingReports.Interference)
            ? await InterferenceBenchmark.RunAsync(model, options, progress).ConfigureAwait(false)
            : null;
        ChatResult? chat = options.Reports.HasFlag(ServingReports.Chat)
            ? await MultiTurnChatBenchmark.RunAsync(model, options, progress).ConfigureAwait(false)
            : null;
        return new ServingReport(model.Summary, machine with { LoadAfter = MachineInfo.LoadAverage() }, options, prefix, concurrency, interference, chat);
    }

    private static void CheckFits(ModelConfig config, ServingBenchmarkOptions options)
    {
        int context = config.ContextLength;
        if (options.Reports.HasFlag(ServingReports.PrefixCache) && options.PrefixTokens + options.SuffixTokens >= context)
            throw new ArgumentException($"A prefix of {options.PrefixTokens} and a suffix of {options.SuffixTokens} tokens do not fit the model's context of {context}.", nameof(options));
        if (options.Reports.HasFlag(ServingReports.Concurrency) && options.ConcurrencyPromptTokens + options.DecodeTokens > context)
            throw new ArgumentException($"A prompt of {options.ConcurrencyPromptTokens} and {options.DecodeTokens} generated tokens do not fit the model's context of {context}.", nameof(options));
        if (options.Reports.HasFlag(ServingReports.Interference)
            && Math.Max(options.InteractivePromptTokens + options.InteractiveMaxTokens, options.BatchPromptTokens + options.BatchMaxTokens) > context)
            throw new ArgumentException($"The interference requests do not fit the model's context of {context}.", nameof(options));
        long chat = (long)options.Turns * (options.UserTokens + options.AnswerTokens);
        if (options.Reports.HasFlag(ServingReports.Chat) && chat > context)
            throw new ArgumentException($"{options.Turns} turns of {options.UserTokens} + {options.AnswerTokens} tokens do not fit the model's context of {context}.", nameof(options));
    }
}
