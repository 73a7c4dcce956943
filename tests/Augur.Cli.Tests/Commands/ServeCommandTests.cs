using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

/// <summary>What <c>augur serve</c> does before it listens: a bad start fails at once with exit code 2 and one clear message.</summary>
public class ServeCommandTests
{
    [Fact]
    public void Serve_with_a_missing_config_file_exits_2_naming_it()
    {
        var result = AugurProcess.Run("serve", "--config", "/nonexistent/augur.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/augur.json", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_dev_no_auth_on_a_public_address_is_refused()
    {
        var result = AugurProcess.Run("serve", "--dev-no-auth", "--urls", "http://0.0.0.0:0", "--models-dir", Path.GetDirectoryName(TestModels.Stories260KBin)!);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only on loopback", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_without_tokens_or_dev_mode_is_refused()
    {
        using var directory = new TempDirectory();
        var result = AugurProcess.Run("serve", "--config", WriteEmptyConfig(directory), "--models-dir", Path.GetDirectoryName(TestModels.Stories260KBin)!);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dev-no-auth", result.StandardError, StringComparison.Ordinal);
    }

    private static string WriteEmptyConfig(TempDirectory directory)
    {
        string path = directory.File("augur.json");
        File.WriteAllText(path, """{ "Augur": { } }""");
        return path;
    }
}
