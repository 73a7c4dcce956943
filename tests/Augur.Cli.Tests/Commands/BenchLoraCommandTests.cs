using System.Text.Json;
using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class BenchLoraCommandTests
{
    [Theory]
    [InlineData("bench-lora")]                                                // no model
    [InlineData("bench-lora", "--shape", "base-110m")]                        // no --type
    [InlineData("bench-lora", "--model", "m.gguf", "--ranks", "8,x")]
    [InlineData("bench-lora", "--model", "m.gguf", "--ranks", ",")]
    [InlineData("bench-lora", "--model", "m.gguf", "--sequences", "0")]
    [InlineData("bench-lora", "--model", "m.gguf", "--chart", "a.svg")]       // not an option of ours
    public void Bad_arguments_give_one_line_and_exit_code_2(params string[] args)
    {
        var result = AugurProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public void Json_lines_hold_a_run_per_round_and_mode_and_a_summary()
    {
        var result = AugurProcess.Run("bench-lora", "--model", TestModels.Llama2TinyRandomGguf, "--json", "--threads", "1", "--rounds", "2",
            "--warmup", "0", "--sequences", "3", "--adapters", "2", "--ranks", "1,4", "--prompt-tokens", "5", "--decode-tokens", "2", "--batch", "4");

        Assert.Equal(0, result.ExitCode);
        List<JsonElement> lines = [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["run", "run", "run", "run", "summary"], lines.Select(l => l.GetProperty("kind").GetString()));
        // alternating order: round 1 without then with, round 2 with then without
        Assert.Equal([false, true, true, false], lines.Take(4).Select(l => l.GetProperty("withAdapters").GetBoolean()));
        JsonElement summary = lines[^1];
        Assert.Equal(["r1-0 (rank 1)", "r4-1 (rank 4)"], summary.GetProperty("adapters").EnumerateArray().Select(a => a.GetString()));
        double with = summary.GetProperty("decodeTokensPerSecondWithAdapters").GetDouble(), without = summary.GetProperty("decodeTokensPerSecond").GetDouble();
        Assert.True(with > 0 && without > 0);
        Assert.Equal(with / without, summary.GetProperty("decodeRatio").GetDouble(), 1e-9);
        Assert.True(summary.GetProperty("prefillRatio").GetDouble() > 0);
        Assert.Equal(4, result.StandardError.Split('\n').Count(l => l.StartsWith("bench-lora: round", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_table_names_both_modes_and_the_ratio()
    {
        var result = AugurProcess.Run("bench-lora", "--model", TestModels.Llama2TinyRandomGguf, "--threads", "1", "--rounds", "1",
            "--warmup", "0", "--sequences", "2", "--adapters", "1", "--ranks", "2", "--prompt-tokens", "3", "--decode-tokens", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no adapters", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("decode tok/s", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("r2-0 (rank 2)", result.StandardOutput, StringComparison.Ordinal);
    }
}
