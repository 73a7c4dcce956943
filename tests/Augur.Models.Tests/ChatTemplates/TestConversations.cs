namespace Augur.Models.ChatTemplates.Tests;

/// <summary>The conversations the family tests render, and the templates' files (copied next to the test assembly).</summary>
internal static class TestConversations
{
    /// <summary>The conversation llama.cpp's test-chat-template.cpp renders for every template.</summary>
    public static readonly ChatMessage[] WithSystem =
    [
        new("system", "You are a helpful assistant"),
        new("user", "Hello"),
        new("assistant", "Hi there"),
        new("user", "Who are you"),
        new("assistant", "   I am an assistant   "),
        new("user", "Another question"),
    ];

    public static readonly ChatMessage[] WithoutSystem = WithSystem[1..];

    public static readonly DateTimeOffset July26 = new(2024, 7, 26, 9, 30, 0, TimeSpan.Zero);

    /// <summary>One tool definition, as a caller would pass it (a dictionary tree).</summary>
    public static IReadOnlyList<object?> WeatherTool() =>
    [
        new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?>
            {
                ["name"] = "get_weather",
                ["description"] = "Get the weather",
                ["parameters"] = new Dictionary<string, object?>
                {
                    ["type"] = "object",
                    ["properties"] = new Dictionary<string, object?> { ["city"] = new Dictionary<string, object?> { ["type"] = "string" } },
                    ["required"] = new List<object?> { "city" },
                },
            },
        },
    ];

    /// <summary>A system prompt, a question, the assistant's tool call and the tool's answer.</summary>
    public static ChatMessage[] ToolConversation(string? callId = null) =>
    [
        new("system", "You are a helpful assistant"),
        new("user", "What is the weather in Paris?"),
        new("assistant", null) { ToolCalls = [new ChatToolCall("get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }, callId)] },
        new("tool", "21 C") { ToolCallId = callId },
    ];

    public static ChatTemplate Load(string family) =>
        ChatTemplate.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ChatTemplates", "Templates", family + ".jinja")));

    public static string Render(
        string family, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, string bos = "", string eos = "",
        IReadOnlyList<object?>? tools = null) =>
        Load(family).Render(new ChatTemplateContext
        {
            Messages = messages,
            AddGenerationPrompt = addGenerationPrompt,
            BosToken = bos,
            EosToken = eos,
            Tools = tools,
            Now = July26,
        });
}
