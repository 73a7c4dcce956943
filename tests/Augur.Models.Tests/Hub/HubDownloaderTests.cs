using System.Security.Cryptography;
using Augur.Tests.Common;

namespace Augur.Models.Hub.Tests;

/// <summary>Downloads from a local stand-in for the hub (<see cref="FakeHub"/>); nothing here touches the internet.</summary>
public sealed class HubDownloaderTests : IDisposable
{
    private const string Repo = "someone/tiny-GGUF";
    private const string File = "tiny-q8_0.gguf";
    private readonly FakeHub _hub = new();
    private readonly TempDirectory _dir = new();
    private readonly byte[] _content = FakeHub.RandomBytes(300_000, seed: 11);

    public HubDownloaderTests() => _hub.Add(Repo, File, _content);

    private string Destination => Path.Combine(_dir.Path, File);

    [Fact]
    public async Task Download_FollowsTheRedirect_ChecksTheSha_AndSendsTheTokenToTheHubOnly()
    {
        var progress = new List<HubProgress>();
        using var downloader = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint, Token = "hf_secret" });

        HubDownloadResult result = await downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path, progress.Add);

        Assert.Equal(_content, System.IO.File.ReadAllBytes(Destination));
        Assert.Equal(Destination, result.Path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_content)), result.Sha256);
        Assert.Equal((0, false), (result.ResumedFrom, result.AlreadyPresent));
        Assert.False(System.IO.File.Exists(Destination + ".part"));
        Assert.Equal(new HubProgress(_content.Length, _content.Length), progress[^1]);
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone));

        FakeHub.RecordedRequest[] requests = [.. _hub.Requests];
        Assert.Equal([$"/{Repo}/resolve/main/{File}", $"/cdn/{Repo}/resolve/main/{File}"], requests.Select(r => r.Path));
        Assert.Equal("Bearer hf_secret", requests[0].Authorization);
        Assert.Null(requests[1].Authorization);
    }

    [Fact]
    public async Task Download_WithoutRedirect_TakesTheShaFromTheETag()
    {
        _hub.Redirect = false;
        _hub.AnnouncedSha256[$"/{Repo}/resolve/main/{File}"] = new string('0', 64);
        using var downloader = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint });

        HubException e = await Assert.ThrowsAsync<HubException>(() => downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path));

        Assert.Contains("sha256 mismatch", e.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Destination));
    }

    [Fact]
    public async Task Download_TransferBreaksOff_ResumesWithARangeRequest()
    {
        _hub.BreakTransfers = 1;
        _hub.BreakAfterBytes = 100_000;
        using var downloader = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint });

        HubDownloadResult result = await downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path);

        Assert.Equal(_content, System.IO.File.ReadAllBytes(Destination));
        Assert.InRange(result.ResumedFrom, 1, 100_000);
        string[] ranges = [.. _hub.Requests.Where(r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal)).Select(r => r.Range ?? "none")];
        Assert.Equal(["none", $"bytes={result.ResumedFrom}-"], ranges);
    }

    [Fact]
    public async Task Download_PartialFileOfAnEarlierRun_IsContinued()
    {
        _hub.BreakTransfers = 1;
        _hub.BreakAfterBytes = 120_000;
        using var once = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint, MaxAttempts = 1 });
        HubException failed = await Assert.ThrowsAsync<HubException>(() => once.DownloadAsync(new HubFile(Repo, File), _dir.Path));
        Assert.Contains("resume", failed.Message, StringComparison.Ordinal);
        long partial = new FileInfo(Destination + ".part").Length;
        Assert.InRange(partial, 1, 120_000);
        Assert.False(System.IO.File.Exists(Destination));

        HubDownloadResult result = await once.DownloadAsync(new HubFile(Repo, File), _dir.Path);

        Assert.Equal(partial, result.ResumedFrom);
        Assert.Equal(_content, System.IO.File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task Download_CorruptPartialFile_FailsTheShaCheck_ThenStartsAfresh()
    {
        byte[] corrupt = _content[..50_000];
        corrupt[123] ^= 0xFF;
        System.IO.File.WriteAllBytes(Destination + ".part", corrupt);
        using var downloader = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint, MaxAttempts = 1 });

        HubException e = await Assert.ThrowsAsync<HubException>(() => downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path));
        Assert.Contains("sha256 mismatch", e.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Destination + ".part"));

        HubDownloadResult result = await downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path);
        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal(_content, System.IO.File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task Download_ShaMismatch_KeepsTheCompleteFileThatWasThere()
    {
        byte[] previous = FakeHub.RandomBytes(1000, seed: 3);
        System.IO.File.WriteAllBytes(Destination, previous);
        _hub.AnnouncedSha256[$"/{Repo}/resolve/main/{File}"] = Convert.ToHexStringLower(SHA256.HashData(FakeHub.RandomBytes(10, seed: 4)));
        using var downloader = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint });

        HubException e = await Assert.ThrowsAsync<HubException>(() => downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path));

        Assert.Contains("sha256 mismatch", e.Message, StringComparison.Ordinal);
        Assert.Equal(previous, System.IO.File.ReadAllBytes(Destination));
        Assert.False(System.IO.File.Exists(Destination + ".part"));
    }

    [Fact]
    public async Task Download_FileAlreadyThereAndMatching_IsLeftAlone()
    {
        using var downloader = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint });
        await downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path);
        DateTime written = System.IO.File.GetLastWriteTimeUtc(Destination);

        HubDownloadResult again = await downloader.DownloadAsync(new HubFile(Repo, File), _dir.Path);

        Assert.True(again.AlreadyPresent);
        Assert.Equal(written, System.IO.File.GetLastWriteTimeUtc(Destination));
    }

    [Fact]
    public async Task Download_MissingFile_Is404WithAHint()
    {
        using var downloader = new HubDownloader(new HubOptions { Endpoint = _hub.Endpoint });

        HubException e = await Assert.ThrowsAsync<HubException>(() => downloader.DownloadAsync(new HubFile(Repo, "nope.gguf", "v2"), _dir.Path));

        Assert.Equal(404, e.StatusCode);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path));
        Assert.Equal($"/{Repo}/resolve/v2/nope.gguf", Assert.Single(_hub.Requests).Path);
    }

    public void Dispose()
    {
        _hub.Dispose();
        _dir.Dispose();
    }
}
