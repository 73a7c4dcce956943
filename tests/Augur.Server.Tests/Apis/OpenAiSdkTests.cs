using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace Augur.Server.Apis.Tests;

/// <summary>The official OpenAI .NET SDK against the real server: only the base URL and the token change.</summary>
public sealed class OpenAiSdkTests : IClassFixture<ServerFixture>
{
    private readonly AugurTestServer _server;

    public OpenAiSdkTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string> BasePaths => new("v1", $"client/v4/accounts/{AugurTestServer.Account}/ai/v1");

    [Theory]
    [MemberData(nameof(BasePaths))]
    public async Task ChatCompletion_NotStreamed_ReturnsTextFinishReasonAndUsage(string basePath)
    {
        ChatClient client = Client(basePath);

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("A story."), new UserChatMessage("Once upon a time")],
            new ChatCompletionOptions { MaxOutputTokenCount = 20, Temperature = 0 });

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.False(string.IsNullOrEmpty(Assert.Single(completion.Content).Text));
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(20, completion.Usage.OutputTokenCount);
        Assert.InRange(completion.Usage.InputTokenCount, 3, 30);
        Assert.Equal(completion.Usage.InputTokenCount + 20, completion.Usage.TotalTokenCount);
        Assert.Equal(AugurTestServer.Model, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BasePaths))]
    public async Task ChatCompletion_Streamed_MatchesTheNonStreamedAnswer(string basePath)
    {
        ChatClient client = Client(basePath);
        ChatMessage[] messages = [new UserChatMessage("Once upon a time")];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0 };
        ChatCompletion whole = await client.CompleteChatAsync(messages, options);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        int updates = 0;
        await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync(messages, options))
        {
            updates++;
            foreach (ChatMessageContentPart part in update.ContentUpdate)
                text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.True(updates > 5, $"{updates} updates");
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.NotNull(usage); // the SDK asks for stream_options.include_usage
        Assert.Equal(24, usage.OutputTokenCount);
        Assert.Equal(whole.Usage.InputTokenCount, usage.InputTokenCount);
    }

    [Fact]
    public async Task ChatCompletion_WrongToken_ThrowsUnauthorized()
    {
        var client = new ChatClient(AugurTestServer.Model, new ApiKeyCredential("not-a-real-token-at-all"),
            new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "v1") });

        ClientResultException e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, e.Status);
    }

    private ChatClient Client(string basePath) =>
        new(AugurTestServer.Model, new ApiKeyCredential(AugurTestServer.Token), new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, basePath) });
}
