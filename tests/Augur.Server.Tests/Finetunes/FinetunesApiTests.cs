using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Augur.Models;
using Augur.Models.Lora;
using Augur.Server.Tests;
using Augur.Tests.Common;

namespace Augur.Server.Finetunes.Tests;

public sealed class FinetunesApiTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ModelConfig _config = FinetuneServer.Stories260KConfig();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Wrangler_CreateUploadBothListThenRunWithLora_UsesTheAdapter()
    {
        await using AugurTestServer server = await FinetuneServer.StartAsync();
        var (config, weights) = Adapter(8, 32, seed: 1);

        JsonElement created = await FinetuneServer.ResultAsync(await FinetuneServer.CreateAsync(server.Client, "story-lora"));
        string id = created.GetProperty("id").GetString()!;
        Assert.Equal("story-lora", created.GetProperty("name").GetString());
        Assert.Equal(AugurTestServer.Model, created.GetProperty("model").GetString());
        JsonElement asset = await FinetuneServer.ResultAsync(await FinetuneServer.UploadAsync(server.Client, id, "adapter_config.json", config));
        Assert.Equal("adapter_config.json", asset.GetProperty("file_name").GetString());
        await FinetuneServer.ResultAsync(await FinetuneServer.UploadAsync(server.Client, id, "adapter_model.safetensors", weights));
        JsonElement list = await FinetuneServer.ResultAsync(await server.Client.GetAsync(FinetuneServer.FinetunesPath()));
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());

        string plain = await RunAsync(server, null);
        string byName = await RunAsync(server, "story-lora");
        string byId = await RunAsync(server, id);
        Assert.NotEqual(plain, byName);
        Assert.Equal(byName, byId);
        // and on the OpenAI route, as the documented extension field
        using HttpResponseMessage chat = await server.Client.PostAsync($"client/v4/accounts/{AugurTestServer.Account}/ai/v1/chat/completions",
            AugurTestServer.Json($$"""{"model":"{{AugurTestServer.Model}}","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":16,"temperature":0,"lora":"story-lora"}"""));
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);

        // private to the account
        using HttpClient other = server.Authorized(AugurTestServer.OtherToken);
        JsonElement otherList = await FinetuneServer.ResultAsync(await other.GetAsync(FinetuneServer.FinetunesPath(AugurTestServer.OtherAccount)));
        Assert.Equal(0, otherList.GetArrayLength());
        using HttpResponseMessage foreign = await other.PostAsync(AugurTestServer.RunPath(account: AugurTestServer.OtherAccount),
            AugurTestServer.Json("""{"prompt":"Once upon a time","lora":"story-lora"}"""));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        // delete: gone, and its files with it
        await FinetuneServer.ResultAsync(await server.Client.DeleteAsync($"{FinetuneServer.FinetunesPath()}/{id}"));
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "finetunes", id)));
        Assert.Equal(0, (await FinetuneServer.ResultAsync(await server.Client.GetAsync(FinetuneServer.FinetunesPath()))).GetArrayLength());
    }

    [Fact]
    public async Task Public_IsAnEmptyArray_AndReservedPrefixIsRefused()
    {
        await using AugurTestServer server = await FinetuneServer.StartAsync();
        Assert.Equal(0, (await FinetuneServer.ResultAsync(await server.Client.GetAsync($"{FinetuneServer.FinetunesPath()}/public"))).GetArrayLength());
        using HttpResponseMessage reserved = await FinetuneServer.CreateAsync(server.Client, "cf-public-mine");
        await ResponseAssert.EnvelopeErrorAsync(reserved, HttpStatusCode.BadRequest, 3003);
        await FinetuneServer.ResultAsync(await FinetuneServer.CreateAsync(server.Client, "twice"));
        await ResponseAssert.EnvelopeErrorAsync(await FinetuneServer.CreateAsync(server.Client, "twice"), HttpStatusCode.Conflict, 3003);
    }

    [Fact]
    public async Task Run_FinetuneMissingAFile_Is3039()
    {
        await using AugurTestServer server = await FinetuneServer.StartAsync();
        var (config, _) = Adapter(4, 8, seed: 2);
        string id = (await FinetuneServer.ResultAsync(await FinetuneServer.CreateAsync(server.Client, "half"))).GetProperty("id").GetString()!;
        await FinetuneServer.ResultAsync(await FinetuneServer.UploadAsync(server.Client, id, "adapter_config.json", config));

        using HttpResponseMessage run = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"hi","lora":"half"}"""));
        await ResponseAssert.EnvelopeErrorAsync(run, HttpStatusCode.BadRequest, 3039);
    }

    public static TheoryData<string, string> HostileUploads => new()
    {
        { "header-overflow", "adapter_model.safetensors" },
        { "two-gigabyte-header", "adapter_model.safetensors" },
        { "offsets-out-of-range", "adapter_model.safetensors" },
        { "wrong-rank", "adapter_model.safetensors" },
        { "int64-dtype", "adapter_model.safetensors" },
        { "oversize", "adapter_model.safetensors" },
        { "path-trick", "../adapter_model.safetensors" },
        { "path-trick", "adapter_model.safetensors/../../augur.db" },
        { "bad-config", "adapter_config.json" },
    };

    [Theory]
    [MemberData(nameof(HostileUploads))]
    public async Task Upload_HostileFile_IsRejectedAndNothingIsStored(string kind, string fileName)
    {
        await using AugurTestServer server = await FinetuneServer.StartAsync(s => s["Augur:Finetunes:Limits:MaxWeightsBytes"] = "200000");
        var (config, weights) = Adapter(4, 8, seed: 3);
        string id = (await FinetuneServer.ResultAsync(await FinetuneServer.CreateAsync(server.Client, "target"))).GetProperty("id").GetString()!;
        bool configFirst = kind != "bad-config";
        if (configFirst)
            await FinetuneServer.ResultAsync(await FinetuneServer.UploadAsync(server.Client, id, "adapter_config.json", config));
        byte[] hostile = kind switch
        {
            "header-overflow" => RawSafetensors(ulong.MaxValue, "{}"),
            "two-gigabyte-header" => RawSafetensors(1UL << 31, "{}"),
            "offsets-out-of-range" => RawSafetensors(null, $$$"""{"{{{LoraModules.PeftTensorName(0, LoraModule.Query, false)}}}":{"dtype":"F32","shape":[4,{{{_config.EmbeddingLength}}}],"data_offsets":[0,999999]}}"""),
            "wrong-rank" => Adapter(8, 8, seed: 4).Weights,
            "int64-dtype" => RawSafetensors(null, """{"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", 8),
            "oversize" => new byte[300_000],
            "bad-config" => Encoding.UTF8.GetBytes("""{"r":4}"""),
            _ => weights,
        };

        using HttpResponseMessage response = await FinetuneServer.UploadAsync(server.Client, id, fileName, hostile);

        await ResponseAssert.EnvelopeErrorAsync(response, kind == "oversize" ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest, kind == "oversize" ? 3006 : 3003);
        string directory = Path.Combine(server.DataDirectory, "finetunes", id);
        Assert.Equal(configFirst ? ["adapter_config.json"] : [], Directory.GetFiles(directory).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "adapter_model.safetensors")));
        // the finetune is as it was: the right file still goes in, once
        var (rightName, right) = configFirst ? ("adapter_model.safetensors", weights) : ("adapter_config.json", config);
        await FinetuneServer.ResultAsync(await FinetuneServer.UploadAsync(server.Client, id, rightName, right));
        await ResponseAssert.EnvelopeErrorAsync(await FinetuneServer.UploadAsync(server.Client, id, rightName, right), HttpStatusCode.Conflict, 3003);
    }

    private async Task<string> RunAsync(AugurTestServer server, string? lora)
    {
        string extra = lora is null ? "" : $",\"lora\":\"{lora}\"";
        using HttpResponseMessage response = await server.Client.PostAsync(AugurTestServer.RunPath(),
            AugurTestServer.Json($$"""{"prompt":"Once upon a time","max_tokens":24,"temperature":0{{extra}}}"""));
        return (await FinetuneServer.ResultAsync(response)).GetProperty("response").GetString()!;
    }

    private (byte[] Config, byte[] Weights) Adapter(int rank, double alpha, int seed)
    {
        var adapter = new RandomLoraAdapter(_config, rank, alpha, Enum.GetValues<LoraModule>(), seed, bStd: 1f);
        var (config, weights) = adapter.WriteTo(_directory.File($"a{seed}"));
        return (File.ReadAllBytes(config), File.ReadAllBytes(weights));
    }

    private static byte[] RawSafetensors(ulong? length, string header, int dataBytes = 0)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
