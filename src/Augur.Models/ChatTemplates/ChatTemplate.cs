namespace Augur.Models.ChatTemplates;

/// <summary>
/// A parsed chat template (the Jinja2 text of <c>tokenizer.chat_template</c> in a GGUF file, or of
/// <c>chat_template</c> in a Hugging Face <c>tokenizer_config.json</c>), rendered with <c>apply_chat_template</c>'s
/// semantics by a sandboxed interpreter for the subset of Jinja that chat templates use: no I/O, no host objects,
/// and every render bounded in steps, output length and nesting (see <see cref="ChatTemplateOptions"/>).
/// Thread-safe: a parsed template may be rendered concurrently.
/// </summary>
public sealed class ChatTemplate
{
    private readonly IReadOnlyList<Node> _nodes;
    private readonly string _normalizedSource;

    private ChatTemplate(string source, string normalizedSource, IReadOnlyList<Node> nodes, ChatTemplateOptions options)
    {
        Source = source;
        _normalizedSource = normalizedSource;
        _nodes = nodes;
        Options = options;
    }

    /// <summary>The template text.</summary>
    public string Source { get; }

    /// <summary>The options it was parsed with and renders under.</summary>
    public ChatTemplateOptions Options { get; }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="TemplateException"/> (with line and column) on a syntax error.</summary>
    public static ChatTemplate Parse(string source, ChatTemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= ChatTemplateOptions.Default;
        try
        {
            string normalized = TemplateParser.Normalize(source);
            return new ChatTemplate(source, normalized, TemplateParser.Parse(normalized, options), options);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TemplateException("template nested too deeply to parse", e);
        }
    }

    /// <summary>
    /// Renders the conversation in <paramref name="context"/> to the prompt text. Throws <see cref="TemplateException"/>
    /// when the template raises (e.g. roles that do not alternate), fails at run time, or exceeds a limit.
    /// </summary>
    public string Render(ChatTemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        DateTimeOffset now = context.Now ?? DateTimeOffset.UtcNow;
        var globals = new TemplateScope(null);
        TemplateFunctions.AddTo(globals, now);
        var scope = new TemplateScope(globals);
        try
        {
            scope.Set("messages", context.Messages.Select(ToValue).ToList());
            scope.Set("add_generation_prompt", context.AddGenerationPrompt);
            scope.Set("bos_token", context.BosToken);
            scope.Set("eos_token", context.EosToken);
            if (context.Tools is not null)
            {
                scope.Set("tools", TemplateValue.FromJsonLike(context.Tools));
            }
            if (context.Variables is not null)
            {
                foreach (KeyValuePair<string, object?> pair in context.Variables)
                {
                    scope.Set(pair.Key, TemplateValue.FromJsonLike(pair.Value));
                }
            }
            return new TemplateEvaluator(Options, _normalizedSource).Render(_nodes, scope);
        }
        catch (TemplateException)
        {
            throw;
        }
        catch (Exception e) when (e is InsufficientExecutionStackException or InvalidCastException or OverflowException
            or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OutOfMemoryException)
        {
            throw new TemplateException($"template failed: {e.Message}", e);
        }
    }

    private static object? ToValue(ChatMessage message)
    {
        var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["role"] = message.Role,
            ["content"] = message.Content,
        };
        if (message.Name is not null)
        {
            dict["name"] = message.Name;
        }
        if (message.ToolCallId is not null)
        {
            dict["tool_call_id"] = message.ToolCallId;
        }
        if (message.ToolCalls is not null)
        {
            var calls = new List<object?>();
            foreach (ChatToolCall call in message.ToolCalls)
            {
                var value = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                if (call.Id is not null)
                {
                    value["id"] = call.Id;
                }
                value["type"] = "function";
                value["function"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["name"] = call.Name,
                    ["arguments"] = TemplateValue.FromJsonLike(call.Arguments),
                };
                calls.Add(value);
            }
            dict["tool_calls"] = calls;
        }
        return dict;
    }
}
