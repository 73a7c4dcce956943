using System.Security.Cryptography;
using Augur.Cli.Tests;
using Augur.Models.Hub.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

/// <summary><c>augur pull</c> as a process, against a loopback stand-in for the hub named by <c>HF_ENDPOINT</c>.</summary>
public sealed class PullCommandTests : IDisposable
{
    private const string Repo = "augur-test/llama-2-tiny-random-GGUF";
    private const string File = "llama-2-tiny-random.gguf";
    private readonly FakeHub _hub = new();
    private readonly TempDirectory _dir = new();
    private readonly byte[] _content = System.IO.File.ReadAllBytes(TestModels.Llama2TinyRandomGguf);

    public PullCommandTests() => _hub.Add(Repo, File, _content);

    private string ModelsDir => Path.Combine(_dir.Path, "models");

    private AugurProcess.Result Pull(params string[] args) =>
        AugurProcess.Run(new Dictionary<string, string?> { ["HF_ENDPOINT"] = _hub.Endpoint.ToString(), ["HF_TOKEN"] = "hf_test_token" },
            ["pull", .. args, "--models-dir", ModelsDir]);

    [Fact]
    public void Pull_downloads_a_gguf_that_augur_can_read_and_reports_the_verified_sha()
    {
        var result = Pull(Repo, File);

        Assert.True(result.ExitCode == 0, result.StandardError);
        string saved = Path.Combine(ModelsDir, File);
        Assert.Equal(_content, System.IO.File.ReadAllBytes(saved));
        Assert.Contains($"sha256 {Convert.ToHexStringLower(SHA256.HashData(_content))} verified", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("Bearer hf_test_token", _hub.Requests.First().Authorization);
        Assert.Equal(0, AugurProcess.Run("info", saved).ExitCode);

        var again = Pull(Repo, File);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already up to date", again.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_continues_a_partial_download_from_where_it_stopped()
    {
        Directory.CreateDirectory(ModelsDir);
        System.IO.File.WriteAllBytes(Path.Combine(ModelsDir, File + ".part"), _content[..700_000]);

        var result = Pull(Repo, File, "--revision", "main");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("resumed from 700000", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(_hub.Requests, r => r.Range == "bytes=700000-");
        Assert.Equal(_content, System.IO.File.ReadAllBytes(Path.Combine(ModelsDir, File)));
    }

    [Fact]
    public void Pull_of_a_missing_file_exits_1_with_the_404()
    {
        var result = Pull(Repo, "missing.gguf", "--revision", "v1.0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not found (404)", result.StandardError, StringComparison.Ordinal);
        Assert.Equal($"/{Repo}/resolve/v1.0/missing.gguf", Assert.Single(_hub.Requests).Path);
    }

    [Fact]
    public void Pull_with_a_sha_mismatch_exits_1_and_keeps_the_file_that_was_there()
    {
        Directory.CreateDirectory(ModelsDir);
        string saved = Path.Combine(ModelsDir, File);
        System.IO.File.WriteAllText(saved, "an older complete download");
        _hub.AnnouncedSha256[$"/{Repo}/resolve/main/{File}"] = new string('a', 64);

        var result = Pull(Repo, File);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sha256 mismatch", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("an older complete download", System.IO.File.ReadAllText(saved));
        Assert.False(System.IO.File.Exists(saved + ".part"));
    }

    [Theory]
    [InlineData("not-a-repo", "x.gguf")]
    [InlineData("o/r", "../escape.gguf")]
    public void Pull_with_a_malformed_reference_exits_2_without_a_request(string repo, string file)
    {
        var result = Pull(repo, file);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    public void Dispose()
    {
        _hub.Dispose();
        _dir.Dispose();
    }
}
