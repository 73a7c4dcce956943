using System.Net;
using System.Text.Json;

namespace Augur.Server.Apis.Tests;

/// <summary><c>models/search</c> and <c>models/schema</c>, on a catalog of stories260K plus a configured entry.</summary>
public sealed class ModelsApiTests
{
    [Fact]
    public async Task Search_AllModels_ShowsCatalogEntriesWithTheirProperties()
    {
        await using AugurTestServer server = await StartWithConfiguredModelAsync();

        using JsonDocument json = await GetAsync(server, "models/search");

        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("success").GetBoolean());
        Assert.Equal(2, root.GetProperty("result_info").GetProperty("total_count").GetInt32());
        JsonElement configured = root.GetProperty("result").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "@cf/augur/stories-configured");
        Assert.True(Guid.TryParse(configured.GetProperty("id").GetString(), out _));
        Assert.Equal("A configured story model.", configured.GetProperty("description").GetString());
        Assert.Equal("Text Generation", configured.GetProperty("task").GetProperty("name").GetString());
        Dictionary<string, JsonElement> properties = configured.GetProperty("properties").EnumerateArray()
            .ToDictionary(p => p.GetProperty("property_id").GetString()!, p => p.GetProperty("value"));
        Assert.Equal("256", properties["context_window"].GetString());
        Assert.Equal(0.5m, properties["price"][0].GetProperty("price").GetDecimal());
        Assert.Equal(2.25m, properties["price"][1].GetProperty("price").GetDecimal());
        Assert.Equal("true", properties["beta"].GetString());
        Assert.Equal("false", properties["lora"].GetString());
        Assert.Equal("false", properties["async_queue"].GetString());
    }

    [Theory]
    [InlineData("models/search?author=augur", "@cf/augur/stories-configured")]
    [InlineData("models/search?search=stories260", "@local/stories260k")]
    [InlineData("models/search?task=Text%20Generation&per_page=1&page=2", "@local/stories260k")]
    public async Task Search_Filtered_FindsOnlyMatches(string query, string expected)
    {
        await using AugurTestServer server = await StartWithConfiguredModelAsync();

        using JsonDocument json = await GetAsync(server, query);

        Assert.Equal(expected, Assert.Single(json.RootElement.GetProperty("result").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Schema_KnownModel_GivesInputAndOutputSchemas()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();

        using JsonDocument json = await GetAsync(server, "models/schema?model=%40local%2Fstories260k");

        JsonElement result = json.RootElement.GetProperty("result");
        Assert.Equal(["Prompt", "Messages"], result.GetProperty("input").GetProperty("oneOf").EnumerateArray().Select(v => v.GetProperty("title").GetString()));
        Assert.Equal(2, result.GetProperty("output").GetProperty("oneOf").GetArrayLength());
    }

    [Fact]
    public async Task Schema_UnknownModel_Is5007()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();

        using HttpResponseMessage response = await server.Client.GetAsync($"client/v4/accounts/{AugurTestServer.Account}/ai/models/schema?model=@cf/x/y");

        await ResponseAssert.EnvelopeErrorAsync(response, HttpStatusCode.BadRequest, 5007);
    }

    private static Task<AugurTestServer> StartWithConfiguredModelAsync() => AugurTestServer.StartAsync(s =>
    {
        s["Augur:Models:0:Name"] = "@cf/augur/stories-configured";
        s["Augur:Models:0:File"] = Augur.Tests.Common.TestModels.Stories260KBin;
        s["Augur:Models:0:Tokenizer"] = Augur.Tests.Common.TestModels.Tok512Bin;
        s["Augur:Models:0:Description"] = "A configured story model.";
        s["Augur:Models:0:ContextWindow"] = "256";
        s["Augur:Models:0:PriceInputPerMillion"] = "0.5";
        s["Augur:Models:0:PriceOutputPerMillion"] = "2.25";
        s["Augur:Models:0:Beta"] = "true";
        s["Augur:ModelDirectories:0"] = Path.Combine(AugurTestServer.ModelDirectory, "..", "llama-2-tiny-random-gguf-missing");
        s["Augur:Models:1:Name"] = "@local/stories260k";
        s["Augur:Models:1:File"] = Augur.Tests.Common.TestModels.Stories260KBin;
        s["Augur:Models:1:Tokenizer"] = Augur.Tests.Common.TestModels.Tok512Bin;
    });

    private static async Task<JsonDocument> GetAsync(AugurTestServer server, string path)
    {
        using HttpResponseMessage response = await server.Client.GetAsync($"client/v4/accounts/{AugurTestServer.Account}/ai/{path}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
