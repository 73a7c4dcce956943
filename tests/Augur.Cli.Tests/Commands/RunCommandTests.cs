using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class RunCommandTests
{
    [Fact]
    public void Greedy_run_streams_exactly_the_reference_text_to_stdout()
    {
        // run.c's "Zoo" reference: BOS + prompt, greedy, 60 positions in all (the 3 prompt tokens + 57 generated).
        string expected = File.ReadAllText(TestModels.Stories260KExpected("greedy_prompt-Zoo_n60.txt"));

        var result = AugurProcess.Run("run", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin,
            "--prompt", "Zoo", "-n", "57", "--temp", "0", "--threads", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, "Zoo" + result.StandardOutput);
        Assert.Contains("prefill:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("decode:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_gives_the_same_sampled_text()
    {
        string[] args = ["run", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin,
            "--prompt", "Once upon a time", "-n", "40", "--temp", "1", "--seed", "1234", "--threads", "1"];

        var first = AugurProcess.Run(args);
        var second = AugurProcess.Run(args);

        Assert.Equal(0, first.ExitCode);
        Assert.NotEmpty(first.StandardOutput);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
    }

    [Theory]
    [InlineData("run", "--tokenizer", "x")]                                 // no --model
    [InlineData("run", "--model", "/nonexistent/model.bin")]
    [InlineData("run", "--model", "m.bin", "-n", "-3")]
    [InlineData("run", "--model", "m.bin", "--temp", "abc")]
    [InlineData("run", "--model", "m.bin", "--top-p", "1.5")]
    [InlineData("run", "--model", "m.bin", "--frobnicate", "1")]
    [InlineData("run", "--model")]
    [InlineData("run", "--model", "m.bin", "stray")]
    [InlineData("teleport")]
    public void Bad_arguments_give_one_line_and_exit_code_2(params string[] args)
    {
        var result = AugurProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        string error = result.StandardError.TrimEnd('\n');
        Assert.StartsWith("augur: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void A_llama2c_model_without_a_tokenizer_is_a_clear_load_error()
    {
        var result = AugurProcess.Run("run", "--model", TestModels.Stories260KBin, "--prompt", "hi");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("tokenizer", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }
}
