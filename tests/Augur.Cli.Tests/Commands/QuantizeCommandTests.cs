using Augur.Cli.Tests;
using Augur.Models.Gguf;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class QuantizeCommandTests
{
    [Fact]
    public void Quantize_rewrites_the_weights_in_the_requested_type_and_the_model_still_runs()
    {
        using var temp = new TempDirectory();
        string f32 = temp.File("f32.gguf"), q8 = temp.File("q8_0.gguf");
        Assert.Equal(0, AugurProcess.Run("convert", "llama2c", "--model", TestModels.Stories260KBin,
            "--tokenizer", TestModels.Tok512Bin, "--out", f32).ExitCode);

        var quantize = AugurProcess.Run("quantize", f32, "--type", "Q8_0", "--out", q8);

        Assert.Equal(0, quantize.ExitCode);
        using (GgufFile file = GgufFile.Open(q8))
            Assert.Equal(TensorType.Q8_0, file.GetTensor("blk.0.attn_q.weight").Type);
        var run = AugurProcess.Run("run", "--model", q8, "--prompt", "Zoo", "-n", "12", "--temp", "0", "--threads", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(" was a little girl named Lily.", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--type", "q9")]
    [InlineData("--type", "q2_k")]
    [InlineData("--out", "x.gguf")]
    public void Bad_types_and_missing_options_exit_with_code_2(params string[] options)
    {
        var result = AugurProcess.Run(["quantize", TestModels.Llama2TinyRandomGguf, .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
    }
}
