using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class ConvertCommandTests
{
    [Fact]
    public void A_converted_llama2c_model_generates_the_reference_text()
    {
        using var temp = new TempDirectory();
        string gguf = temp.File("stories260K.gguf");

        var convert = AugurProcess.Run("convert", "llama2c", "--model", TestModels.Stories260KBin,
            "--tokenizer", TestModels.Tok512Bin, "--out", gguf);
        Assert.Equal(0, convert.ExitCode);
        Assert.Empty(convert.StandardOutput);

        // The GGUF carries its own vocabulary: no --tokenizer needed any more.
        var run = AugurProcess.Run("run", "--model", gguf, "--prompt", "Zoo", "-n", "57", "--temp", "0", "--threads", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(TestModels.Stories260KExpected("greedy_prompt-Zoo_n60.txt")), "Zoo" + run.StandardOutput);
    }

    [Theory]
    [InlineData("convert", "safetensors", "--model", "a", "--tokenizer", "b", "--out", "c")]
    [InlineData("convert", "llama2c", "--model", "a", "--tokenizer", "b")]
    [InlineData("convert", "llama2c", "--model", "/nonexistent.bin", "--tokenizer", "b", "--out", "c")]
    [InlineData("convert")]
    public void Bad_arguments_exit_with_code_2(params string[] args)
    {
        var result = AugurProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain('\n', result.StandardError.TrimEnd('\n'));
    }
}
