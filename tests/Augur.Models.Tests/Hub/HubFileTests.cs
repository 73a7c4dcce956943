namespace Augur.Models.Hub.Tests;

public sealed class HubFileTests
{
    [Theory]
    [InlineData("owner/name", "model.gguf", "main", "https://hub.example/owner/name/resolve/main/model.gguf")]
    [InlineData("TheBloke/Llama-2-7B-GGUF", "sub dir/llama q4.gguf", "refs/pr/1", "https://hub.example/TheBloke/Llama-2-7B-GGUF/resolve/refs%2Fpr%2F1/sub%20dir/llama%20q4.gguf")]
    [InlineData("a.b/c_d-e", "x#y?.gguf", "0123abc", "https://hub.example/a.b/c_d-e/resolve/0123abc/x%23y%3F.gguf")]
    public void ResolveUrl_EscapesEachPart(string repo, string path, string revision, string expected)
    {
        Assert.Equal(expected, new HubFile(repo, path, revision).ResolveUrl(new Uri("https://hub.example/")).AbsoluteUri);
    }

    [Fact]
    public void FileName_IsTheLastSegment() => Assert.Equal("c.gguf", new HubFile("o/r", "a/b/c.gguf").FileName);

    [Theory]
    [InlineData("noslash", "f.gguf", "main")]
    [InlineData("a/b/c", "f.gguf", "main")]
    [InlineData("o/..", "f.gguf", "main")]
    [InlineData("../r", "f.gguf", "main")]
    [InlineData("o/r", "../f.gguf", "main")]
    [InlineData("o/r", "a/../../f.gguf", "main")]
    [InlineData("o/r", "/etc/passwd", "main")]
    [InlineData("o/r", "a\\..\\f.gguf", "main")]
    [InlineData("o/r", "f.gguf\n", "main")]
    [InlineData("o/r", "", "main")]
    [InlineData("o/r", "f.gguf", "../x")]
    [InlineData("o/r", "f.gguf", "a b")]
    [InlineData("o/r", "f.gguf", "")]
    public void Constructor_RejectsMalformedOrEscapingParts(string repo, string path, string revision)
    {
        Assert.Throws<ArgumentException>(() => new HubFile(repo, path, revision));
    }
}
