using Augur.Bench;
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
    public void Json_output_holds_both_engines_and_progress_goes_to_stderr()
    {
        var result = AugurProcess.Run("bench", "--model", TestModels.Llama2TinyRandomGguf, "--vs-llamacpp", "--json",
            "--threads", "1", "--repeat", "2", "--warmup", "0", "--prompt-tokens", "16", "--decode-tokens", "4");

        Assert.Equal(0, result.ExitCode);
        BenchmarkReport report = BenchmarkJson.Deserialize(result.StandardOutput);
        Assert.Equal(["augur", "llama.cpp"], report.Engines.Select(e => e.Name));
        Assert.All(report.Engines, e => Assert.Equal(2, e.Samples.Count));
        Assert.Equal(16, report.PromptTokens);
        Assert.NotNull(report.Ratio);
        Assert.Contains("round 2/2 llama.cpp", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_engine_alone_prints_a_table_on_a_llama2c_checkpoint()
    {
        var result = AugurProcess.Run("bench", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin,
            "--threads", "1", "--repeat", "1", "--prompt-tokens", "32", "--decode-tokens", "8");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^augur\s+\d+\.\d\d \[", result.StandardOutput);
        Assert.DoesNotContain("llama.cpp", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("ours/ref", result.StandardOutput, StringComparison.Ordinal);
    }
}
