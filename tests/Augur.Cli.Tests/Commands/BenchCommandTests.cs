using System.Text.Json;
using System.Xml.Linq;
using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class BenchCommandTests
{
    [Theory]
    [InlineData("bench")]                                                            // no --model
    [InlineData("bench", "--model")]                                                 // no value
    [InlineData("bench", "--model", "m.gguf", "--threads", "0")]
    [InlineData("bench", "--model", "m.gguf", "--repeat", "many")]
    [InlineData("bench", "--model", "m.gguf", "--prompt-tokens", "0")]
    [InlineData("bench", "--model", "m.gguf", "--decode-tokens", "-5")]
    [InlineData("bench", "--model", "m.gguf", "--frobnicate")]
    [InlineData("bench", "--model", "m.gguf", "extra.gguf")]
    [InlineData("bench", "--model", "m.gguf", "--json", "--json")]
    [InlineData("bench", "--shape", "tiny-24m")]                                      // no --type
    [InlineData("bench", "--shape", "llama-70b", "--type", "q8_0")]
    [InlineData("bench", "--shape", "tiny-24m", "--type", "q9_9")]
    [InlineData("bench", "--shape", "tiny-24m", "--type", "q8_0", "--model", "m.gguf")]
    [InlineData("bench", "--model", "m.gguf", "--chart", "chart.jpg")]
    [InlineData("bench", "--model", "m.gguf", "--batch-sequences", "-1")]
    public void Bad_arguments_give_one_line_and_exit_code_2(params string[] args)
    {
        var result = AugurProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public void Versus_llamacpp_on_a_llama2c_checkpoint_is_a_usage_error()
    {
        var result = AugurProcess.Run("bench", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin, "--vs-llamacpp");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("GGUF", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_missing_model_is_a_load_error()
    {
        var result = AugurProcess.Run("bench", "--model", "/nonexistent/model.gguf", "--threads", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("augur: cannot load", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_hold_both_engines_a_chart_is_written_and_progress_goes_to_stderr()
    {
        using var directory = new TempDirectory();
        string chart = directory.File("chart.svg");

        var result = AugurProcess.Run("bench", "--model", TestModels.Llama2TinyRandomGguf, "--vs-llamacpp", "--json", "--no-roofline",
            "--threads", "1", "--repeat", "2", "--warmup", "0", "--prompt-tokens", "16", "--decode-tokens", "4",
            "--batch-sequences", "2", "--batched-prompt-tokens", "4", "--chart", chart);

        Assert.Equal(0, result.ExitCode);
        List<JsonElement> lines = [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        JsonElement run = lines[0];
        Assert.Equal("run", run.GetProperty("kind").GetString());
        Assert.Equal(["augur", "llama.cpp"], run.GetProperty("engines").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(16, run.GetProperty("settings").GetProperty("promptTokens").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("roofline").ValueKind);
        // 2 rounds: each engine prefill + decode + batched.
        Assert.Equal(2 * 6, lines.Count(l => l.GetProperty("kind").GetString() == "measurement"));
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "summary" && l.GetProperty("engine").GetString() == "augur"
            && l.GetProperty("test").GetString() == "batched" && l.GetProperty("supported").GetBoolean());
        Assert.Contains("round 2/2 llama.cpp", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("svg", XDocument.Load(chart).Root!.Name.LocalName);
    }

    [Fact]
    public void Help_describes_the_options_and_the_json_lines()
    {
        var result = AugurProcess.Run("bench", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string option in new[] { "--shape", "--type", "--batch-sequences", "--no-roofline", "--json", "--chart", "measurement" })
            Assert.Contains(option, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_engine_alone_prints_a_table_on_a_llama2c_checkpoint()
    {
        var result = AugurProcess.Run("bench", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin,
            "--threads", "1", "--repeat", "1", "--prompt-tokens", "32", "--decode-tokens", "8", "--no-roofline");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^augur\s+\d+\.\d\d \[", result.StandardOutput);
        Assert.DoesNotContain("llama.cpp", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("ours/ref", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("not supported", result.StandardOutput, StringComparison.Ordinal); // our batched test runs too
    }
}
