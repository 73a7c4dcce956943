using System.Text.Json;
using System.Xml.Linq;
using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class BenchServeCommandTests
{
    [Theory]
    [InlineData("bench-serve")]                                                                   // no model
    [InlineData("bench-serve", "--model", "m.gguf", "--reports", "speed")]
    [InlineData("bench-serve", "--model", "m.gguf", "--reports", ",")]
    [InlineData("bench-serve", "--model", "m.gguf", "--concurrency", "1,0")]
    [InlineData("bench-serve", "--model", "m.gguf", "--concurrency", "1,two")]
    [InlineData("bench-serve", "--model", "m.gguf", "--concurrency", "64")]                       // above --max-running
    [InlineData("bench-serve", "--model", "m.gguf", "--decode-tokens", "1")]
    [InlineData("bench-serve", "--model", "m.gguf", "--chart", "sweep.jpg")]
    [InlineData("bench-serve", "--model", "m.gguf", "--reports", "chat", "--chart", "sweep.svg")] // nothing to draw
    [InlineData("bench-serve", "--model", "m.gguf", "--json", "--json")]
    [InlineData("bench-serve", "--model", "m.gguf", "--no-roofline")]                              // augur bench's, not ours
    [InlineData("bench-serve", "--shape", "base-110m")]                                            // no --type
    public void Bad_arguments_give_one_line_and_exit_code_2(params string[] args)
    {
        var result = AugurProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public void Help_names_every_report_and_option_group()
    {
        var result = AugurProcess.Run("bench-serve", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string word in (string[])["--reports", "--prefix-tokens", "--concurrency", "--vs-llamacpp", "--interactive", "--conversations", "--kv-mib", "--chart"])
            Assert.Contains(word, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_longer_than_the_context_is_a_usage_error()
    {
        var result = AugurProcess.Run("bench-serve", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin,
            "--threads", "1", "--reports", "prefix");  // 2000 tokens; stories260K holds 512

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("context of 512", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_hold_every_report_both_engines_and_a_chart_is_written()
    {
        using var directory = new TempDirectory();
        string chart = directory.File("sweep.svg");

        var result = AugurProcess.Run("bench-serve", "--model", TestModels.Llama2TinyRandomGguf, "--vs-llamacpp", "--json", "--chart", chart,
            "--threads", "1", "--warmup", "0", "--prefix-tokens", "64", "--rounds", "1", "--concurrency", "1,2", "--prompt-tokens", "4",
            "--decode-tokens", "4", "--interactive", "3", "--interval-ms", "1", "--batch-clients", "3", "--max-running", "2",
            "--batch-prompt-tokens", "8", "--batch-max-tokens", "8", "--conversations", "2", "--turns", "2", "--user-tokens", "8",
            "--answer-tokens", "3", "--kv-mib", "4");

        Assert.Equal(0, result.ExitCode);
        List<JsonElement> lines = [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["run", "prefixCache", "concurrency", "concurrency", "concurrency", "concurrency", "interference", "chat"],
            lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(["augur", "llama.cpp", "augur", "llama.cpp"], lines.Skip(2).Take(4).Select(l => l.GetProperty("engine").GetString()));
        Assert.Equal(64, lines[1].GetProperty("cachedPromptTokens").GetInt32());
        Assert.Contains("bench-serve: chat turn 2/2", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("svg", XDocument.Load(chart).Root!.Name.LocalName);
    }
}
