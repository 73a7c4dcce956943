namespace Augur.Models.ChatTemplates;

/// <summary>
/// One chat message as a template sees it: <c>message.role</c>, <c>message.content</c> and, only when set,
/// <c>message.name</c>, <c>message.tool_call_id</c> and <c>message.tool_calls</c> (absent keys are undefined in the
/// template, as with Hugging Face's dict messages).
/// </summary>
/// <param name="Role">"system", "user", "assistant" or "tool".</param>
/// <param name="Content">The text; null renders as <c>none</c> (an assistant turn holding only tool calls).</param>
public sealed record ChatMessage(string Role, string? Content)
{
    /// <summary>Tool calls made by an assistant turn; null when none.</summary>
    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }

    /// <summary>Optional author name (e.g. the tool's name on a tool result).</summary>
    public string? Name { get; init; }

    /// <summary>For a tool result: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }
}

/// <summary>
/// A function call made by the assistant, shown to templates as
/// <c>{"id": Id, "type": "function", "function": {"name": Name, "arguments": Arguments}}</c>.
/// </summary>
/// <param name="Name">The function's name.</param>
/// <param name="Arguments">JSON-like arguments (a dictionary, list, string, number, bool or null; see <see cref="ChatTemplateContext.Tools"/>).</param>
/// <param name="Id">The call id; omitted from the template's view when null.</param>
public sealed record ChatToolCall(string Name, object? Arguments, string? Id = null);
