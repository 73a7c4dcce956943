namespace Augur.Server.Catalog.Tests;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("@cf/meta/llama-3.3-70b-instruct-fp8-fast", true)]
    [InlineData("@hf/thebloke/mistral-7b-instruct-v0.1-awq", true)]
    [InlineData("@local/stories260k", true)]
    [InlineData("@local/../secret", false)]
    [InlineData("@local/./x", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("@cf/a b", false)]
    [InlineData("@cf/a\r\nX: y", false)]
    [InlineData("@cf", false)]
    [InlineData("", false)]
    public void IsWellFormed_AcceptsOnlyCatalogNames(string name, bool expected) => Assert.Equal(expected, ModelNames.IsWellFormed(name));

    [Theory]
    [InlineData("/m/stories260K.bin", "@local/stories260k")]
    [InlineData("/m/llama2xs-tok512-279K/model.bin", "@local/llama2xs-tok512-279k")]
    [InlineData("/m/My Model (v2).gguf", "@local/my-model--v2")]
    public void ForLocalFile_NamesFromTheFile(string path, string expected) => Assert.Equal(expected, ModelNames.ForLocalFile(path));

    [Fact]
    public void IdFor_IsStableAndDistinct()
    {
        Assert.Equal(ModelNames.IdFor("@local/a"), ModelNames.IdFor("@local/a"));
        Assert.NotEqual(ModelNames.IdFor("@local/a"), ModelNames.IdFor("@local/b"));
        Assert.Equal(5, ModelNames.IdFor("@local/a").Version);
    }
}
