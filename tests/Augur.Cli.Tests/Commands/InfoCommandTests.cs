using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class InfoCommandTests
{
    [Fact]
    public void Info_prints_metadata_and_every_tensor_of_a_real_gguf()
    {
        var result = AugurProcess.Run("info", TestModels.Llama2TinyRandomGguf);

        Assert.Equal(0, result.ExitCode);
        string output = result.StandardOutput;
        Assert.Contains("GGUF v3", output, StringComparison.Ordinal);
        Assert.Contains("metadata (18 keys)", output, StringComparison.Ordinal);
        Assert.Contains("general.architecture", output, StringComparison.Ordinal);
        Assert.Contains("\"llama\"", output, StringComparison.Ordinal);
        Assert.Contains("[String × 32000]", output, StringComparison.Ordinal);
        Assert.Contains("tensors (12)", output, StringComparison.Ordinal);
        Assert.Matches(@"token_embd\.weight\s+F16\s+8 × 32000", output);
        Assert.Matches(@"output_norm\.weight\s+F32\s+8\b", output);
    }

    [Fact]
    public void Info_on_a_file_that_is_not_gguf_fails_with_a_load_error()
    {
        var result = AugurProcess.Run("info", TestModels.Tok512Bin);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("augur: cannot load", result.StandardError, StringComparison.Ordinal);
    }
}
