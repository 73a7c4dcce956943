namespace Augur.Models.ChatTemplates.Tests;

/// <summary>
/// Mistral, Gemma, Qwen and Phi-3 templates on llama.cpp's test conversation. Expected texts are what Hugging Face's
/// apply_chat_template gives (Templates/render_with_jinja2.py), and match llama.cpp's and mistral.rs's lists where they have one.
/// </summary>
public sealed class ChatTemplateFamilyTests
{
    private const string ChatMlTurns =
        "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n"
        + "<|im_start|>user\nWho are you<|im_end|>\n<|im_start|>assistant\n   I am an assistant   <|im_end|>\n"
        + "<|im_start|>user\nAnother question<|im_end|>\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MistralV01_SpaceAfterEos_GenerationPromptIgnored(bool addGenerationPrompt)
    {
        string text = TestConversations.Render("mistral-v0.1", TestConversations.WithoutSystem, addGenerationPrompt, "<s>", "</s>");

        // Hugging Face's output, from mistral.rs's test_chat_templates (see Templates/README.md).
        Assert.Equal(
            "<s>[INST] Hello [/INST]Hi there</s> [INST] Who are you [/INST]   I am an assistant   </s> [INST] Another question [/INST]",
            text);
    }

    [Theory]
    [InlineData("mistral-v0.1")]
    [InlineData("mistral-v0.2")]
    public void MistralV01AndV02_SystemRole_RaisesTheTemplatesMessage(string family)
    {
        var e = Assert.Throws<TemplateException>(() => TestConversations.Render(family, TestConversations.WithSystem, true));

        Assert.True(e.RaisedByTemplate);
        Assert.Equal("Conversation roles must alternate user/assistant/user/assistant/...", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MistralV02_NoSpaceAfterEos(bool addGenerationPrompt)
    {
        string text = TestConversations.Render("mistral-v0.2", TestConversations.WithoutSystem, addGenerationPrompt, "<s>", "</s>");

        Assert.Equal(
            "<s>[INST] Hello [/INST]Hi there</s>[INST] Who are you [/INST]   I am an assistant   </s>[INST] Another question [/INST]",
            text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MistralV02System_SystemPrependedToFirstUserTurn(bool addGenerationPrompt)
    {
        string with = TestConversations.Render("mistral-v0.2-system", TestConversations.WithSystem, addGenerationPrompt, "<s>", "</s>");
        string without = TestConversations.Render("mistral-v0.2-system", TestConversations.WithoutSystem, addGenerationPrompt, "<s>", "</s>");

        // llama.cpp's expected text for this template (bos "" there).
        Assert.Equal(
            "<s> [INST] You are a helpful assistant\n\nHello [/INST] Hi there</s> [INST] Who are you [/INST]    I am an assistant   </s>"
            + " [INST] Another question [/INST]",
            with);
        Assert.Equal(
            "<s> [INST] Hello [/INST] Hi there</s> [INST] Who are you [/INST]    I am an assistant   </s> [INST] Another question [/INST]",
            without);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MistralV03_SystemPrependedToLastUserTurn(bool addGenerationPrompt)
    {
        string text = TestConversations.Render("mistral-v0.3", TestConversations.WithSystem, addGenerationPrompt, "<s>", "</s>");

        // llama.cpp's expected_output_jinja for this template (bos "" there).
        Assert.Equal(
            "<s>[INST] Hello[/INST] Hi there</s>[INST] Who are you[/INST] I am an assistant</s>"
            + "[INST] You are a helpful assistant\n\nAnother question[/INST]",
            text);
    }

    [Fact]
    public void MistralV03_NonAlternatingRoles_RaiseTheTemplatesMessage()
    {
        ChatMessage[] messages = [new("system", "s"), new("user", "a"), new("assistant", "b"), new("assistant", "c")];

        var e = Assert.Throws<TemplateException>(() => TestConversations.Render("mistral-v0.3", messages, true));

        Assert.True(e.RaisedByTemplate);
        Assert.Equal("After the optional system message, conversation roles must alternate user/assistant/user/assistant/...", e.Message);
    }

    [Fact]
    public void MistralV03_WithTools_AvailableToolsBeforeLastUserTurn()
    {
        ChatMessage[] messages = [new("user", "Hi"), new("assistant", "Hello"), new("user", "Weather in Paris?")];

        string text = TestConversations.Render("mistral-v0.3", messages, true, "<s>", "</s>", TestConversations.WeatherTool());

        Assert.Equal(
            "<s>[INST] Hi[/INST] Hello</s>[AVAILABLE_TOOLS] [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
            + "\"description\": \"Get the weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, "
            + "\"required\": [\"city\"]}}}][/AVAILABLE_TOOLS][INST] Weather in Paris?[/INST]",
            text);
    }

    [Fact]
    public void MistralV03_ToolCallIdsMustHaveNineChars()
    {
        ChatMessage[] good = TestConversations.ToolConversation("abc123xyz")[1..];
        ChatMessage[] bad = TestConversations.ToolConversation("short")[1..];

        string text = TestConversations.Render("mistral-v0.3", good, true, "<s>", "</s>");
        var e = Assert.Throws<TemplateException>(() => TestConversations.Render("mistral-v0.3", bad, true, "<s>", "</s>"));

        Assert.Equal(
            "<s>[INST] What is the weather in Paris?[/INST][TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}, "
            + "\"id\": \"abc123xyz\"}]</s>[TOOL_RESULTS] {\"content\": 21 C, \"call_id\": \"abc123xyz\"}[/TOOL_RESULTS]",
            text);
        Assert.Equal("Tool call IDs should be alphanumeric strings with length 9!", e.Message);
    }

    [Theory]
    [InlineData("gemma", false)]
    [InlineData("gemma", true)]
    [InlineData("gemma-2", false)]
    [InlineData("gemma-2", true)]
    public void Gemma_ModelTurns_TrimmedContent(string family, bool addGenerationPrompt)
    {
        string text = TestConversations.Render(family, TestConversations.WithoutSystem, addGenerationPrompt, "<bos>", "<eos>");

        Assert.Equal(
            "<bos><start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\nHi there<end_of_turn>\n"
            + "<start_of_turn>user\nWho are you<end_of_turn>\n<start_of_turn>model\nI am an assistant<end_of_turn>\n"
            + "<start_of_turn>user\nAnother question<end_of_turn>\n" + (addGenerationPrompt ? "<start_of_turn>model\n" : ""),
            text);
    }

    [Theory]
    [InlineData("gemma")]
    [InlineData("gemma-2")]
    public void Gemma_SystemRole_Rejected(string family)
    {
        var e = Assert.Throws<TemplateException>(() => TestConversations.Render(family, TestConversations.WithSystem, true));

        Assert.Equal("System role not supported", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Qwen2_ChatMl_WithAndWithoutDefaultSystem(bool addGenerationPrompt)
    {
        string prompt = addGenerationPrompt ? "<|im_start|>assistant\n" : "";

        string withSystem = TestConversations.Render("qwen2", TestConversations.WithSystem, addGenerationPrompt);
        string withoutSystem = TestConversations.Render("qwen2", TestConversations.WithoutSystem, addGenerationPrompt);

        Assert.Equal("<|im_start|>system\nYou are a helpful assistant<|im_end|>\n" + ChatMlTurns + prompt, withSystem);
        Assert.Equal("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n" + ChatMlTurns + prompt, withoutSystem);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Qwen25_WithoutTools(bool addGenerationPrompt)
    {
        string prompt = addGenerationPrompt ? "<|im_start|>assistant\n" : "";

        string withSystem = TestConversations.Render("qwen2.5", TestConversations.WithSystem, addGenerationPrompt);
        string withoutSystem = TestConversations.Render("qwen2.5", TestConversations.WithoutSystem, addGenerationPrompt);

        Assert.Equal("<|im_start|>system\nYou are a helpful assistant<|im_end|>\n" + ChatMlTurns + prompt, withSystem);
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n" + ChatMlTurns + prompt,
            withoutSystem);
    }

    [Fact]
    public void Qwen25_WithTools_SystemListsToolsAndCallsUseXmlTags()
    {
        string text = TestConversations.Render("qwen2.5", TestConversations.ToolConversation(), true, tools: TestConversations.WeatherTool());

        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
            + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
            + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather\", \"parameters\": "
            + "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}\n</tools>\n\n"
            + "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n"
            + "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\nWhat is the weather in Paris?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n21 C\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\n",
            text);
    }

    [Theory]
    [InlineData("llama3.2", "<|start_header_id|>assistant<|end_header_id|>\n\n")]
    [InlineData("mistral-v0.3", "[/INST]")]
    [InlineData("qwen2.5", "<|im_start|>assistant\n")]
    public void LongConversation_RendersWithinTheDefaultLimits(string family, string expectedEnd)
    {
        var random = new Random(42);
        var messages = new List<ChatMessage>();
        for (int i = 0; i < 1001; i++)
        {
            messages.Add(new ChatMessage(i % 2 == 0 ? "user" : "assistant", new string('a', random.Next(1, 200))));
        }

        string text = TestConversations.Render(family, messages, true, "<s>", "</s>");

        int contentChars = messages.Sum(m => m.Content!.Length);
        Assert.InRange(text.Length, contentChars, contentChars + (messages.Count * 60) + 400);
        Assert.EndsWith(expectedEnd, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phi-3", "<s>", false)]
    [InlineData("phi-3", "<s>", true)]
    [InlineData("phi-3.5", "", false)]
    [InlineData("phi-3.5", "", true)]
    public void Phi3_RoleTags_EndsWithAssistantOrEos(string family, string expectedBos, bool addGenerationPrompt)
    {
        const string Turns =
            "<|user|>\nHello<|end|>\n<|assistant|>\nHi there<|end|>\n"
            + "<|user|>\nWho are you<|end|>\n<|assistant|>\n   I am an assistant   <|end|>\n<|user|>\nAnother question<|end|>\n";
        string end = addGenerationPrompt ? "<|assistant|>\n" : "<|endoftext|>";

        string with = TestConversations.Render(family, TestConversations.WithSystem, addGenerationPrompt, "<s>", "<|endoftext|>");
        string without = TestConversations.Render(family, TestConversations.WithoutSystem, addGenerationPrompt, "<s>", "<|endoftext|>");

        Assert.Equal(expectedBos + "<|system|>\nYou are a helpful assistant<|end|>\n" + Turns + end, with);
        Assert.Equal(expectedBos + Turns + end, without);
    }
}
