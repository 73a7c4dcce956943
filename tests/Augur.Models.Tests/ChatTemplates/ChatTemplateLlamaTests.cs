namespace Augur.Models.ChatTemplates.Tests;

public sealed class ChatTemplateLlamaTests
{
    private const string Llama3Turns =
        "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nWho are you<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\nI am an assistant<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nAnother question<|eot_id|>";

    private const string Llama3Prompt = "<|start_header_id|>assistant<|end_header_id|>\n\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Llama2_FoldsSystemIntoFirstInstAndIgnoresGenerationPrompt(bool addGenerationPrompt)
    {
        string text = TestConversations.Render("llama2", TestConversations.WithSystem, addGenerationPrompt, "<s>", "</s>");
        string without = TestConversations.Render("llama2", TestConversations.WithoutSystem, addGenerationPrompt, "<s>", "</s>");

        // Hugging Face's output, also listed by mistral.rs's test_chat_templates (see Templates/README.md).
        Assert.Equal(
            "<s>[INST] <<SYS>>\nYou are a helpful assistant\n<</SYS>>\n\nHello [/INST] Hi there </s>"
            + "<s>[INST] Who are you [/INST] I am an assistant </s><s>[INST] Another question [/INST]",
            text);
        Assert.Equal(
            "<s>[INST] Hello [/INST] Hi there </s><s>[INST] Who are you [/INST] I am an assistant </s><s>[INST] Another question [/INST]",
            without);
    }

    [Fact]
    public void Llama2_NonAlternatingRoles_Raise()
    {
        ChatMessage[] messages = [new("user", "a"), new("user", "b")];

        var e = Assert.Throws<TemplateException>(() => TestConversations.Render("llama2", messages, false));

        Assert.True(e.RaisedByTemplate);
        Assert.Equal("Conversation roles must alternate user/assistant/user/assistant/...", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Llama3_HeadersPerTurn_TrimmedContent(bool addGenerationPrompt)
    {
        string text = TestConversations.Render("llama3", TestConversations.WithSystem, addGenerationPrompt, "<|begin_of_text|>");

        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant<|eot_id|>"
            + Llama3Turns + (addGenerationPrompt ? Llama3Prompt : ""),
            text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Llama32_DateHeaderFromTheContextClock(bool addGenerationPrompt)
    {
        string text = TestConversations.Render("llama3.2", TestConversations.WithSystem, addGenerationPrompt, "<|begin_of_text|>");

        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are a helpful assistant<|eot_id|>"
            + Llama3Turns + (addGenerationPrompt ? Llama3Prompt : ""),
            text);
    }

    [Fact]
    public void Llama32_WithoutSystem_EmptySystemBlock_AndDateStringVariableWins()
    {
        string text = TestConversations.Load("llama3.2").Render(new ChatTemplateContext
        {
            Messages = [new("user", "Hi")],
            AddGenerationPrompt = true,
            Now = new DateTimeOffset(2025, 3, 5, 0, 0, 0, TimeSpan.Zero),
        });
        string pinned = TestConversations.Load("llama3.2").Render(new ChatTemplateContext
        {
            Messages = [new("user", "Hi")],
            Variables = new Dictionary<string, object?> { ["date_string"] = "1 Jan 2030" },
        });

        Assert.Equal(
            "<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 05 Mar 2025\n\n<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>" + Llama3Prompt,
            text);
        Assert.Contains("Today Date: 1 Jan 2030\n\n<|eot_id|>", pinned, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("llama3.1")]
    [InlineData("llama3.2")]
    public void Llama31And32_WithTools_ToolsInFirstUserMessage_CallAndResult(string family)
    {
        string text = TestConversations.Render(
            family, TestConversations.ToolConversation(), true, "<|begin_of_text|>", tools: TestConversations.WeatherTool());

        const string ToolJson = """
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Get the weather",
                    "parameters": {
                        "type": "object",
                        "properties": {
                            "city": {
                                "type": "string"
                            }
                        },
                        "required": [
                            "city"
                        ]
                    }
                }
            }
            """;
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are a helpful assistant<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\n"
            + "Given the following functions, please respond with a JSON for a function call with its proper arguments that best answers the given prompt.\n\n"
            + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}.Do not use variables.\n\n"
            + ToolJson + "\n\n"
            + "What is the weather in Paris?<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}<|eot_id|>"
            // A string is iterable in Jinja, so the template JSON-quotes a string tool result.
            + "<|start_header_id|>ipython<|end_header_id|>\n\n\"21 C\"<|eot_id|>"
            + Llama3Prompt,
            text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Llama31_FixedDefaultDate_IgnoresTheClock(bool addGenerationPrompt)
    {
        string text = TestConversations.Load("llama3.1").Render(new ChatTemplateContext
        {
            Messages = TestConversations.WithSystem,
            AddGenerationPrompt = addGenerationPrompt,
            BosToken = "<|begin_of_text|>",
            Now = new DateTimeOffset(2031, 1, 2, 0, 0, 0, TimeSpan.Zero),
        });

        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are a helpful assistant<|eot_id|>"
            + Llama3Turns + (addGenerationPrompt ? Llama3Prompt : ""),
            text);
    }

    [Fact]
    public void Llama31_BuiltinTools_PythonTagCallAndEom()
    {
        ChatMessage[] messages =
        [
            new("user", "Search the news"),
            new("assistant", null) { ToolCalls = [new ChatToolCall("brave_search", new Dictionary<string, object?> { ["query"] = "news" })] },
            new("tool", "{\"results\": []}"),
        ];

        string text = TestConversations.Load("llama3.1").Render(new ChatTemplateContext
        {
            Messages = messages,
            AddGenerationPrompt = true,
            BosToken = "<|begin_of_text|>",
            Variables = new Dictionary<string, object?> { ["builtin_tools"] = new[] { "brave_search", "wolfram_alpha", "code_interpreter" } },
        });

        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\nTools: brave_search, wolfram_alpha\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nSearch the news<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n<|python_tag|>brave_search.call(query=\"news\")<|eom_id|>"
            + "<|start_header_id|>ipython<|end_header_id|>\n\n\"{\\\"results\\\": []}\"<|eot_id|>"
            + Llama3Prompt,
            text);
    }
}
