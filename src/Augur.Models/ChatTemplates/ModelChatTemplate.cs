namespace Augur.Models.ChatTemplates;

/// <summary>
/// The entry point for rendering a conversation with a model's own template (its <c>tokenizer.chat_template</c>), as the
/// CLI's <c>--chat</c> and the HTTP chat APIs do. A request for a raw prompt skips it: the prompt text is sent as is.
/// <list type="bullet">
/// <item>No template (null or blank), a template that does not parse, or one that uses a statement, filter, test,
/// function or method this interpreter lacks: <see cref="ChatTemplateUnavailableException"/>, whose message says so,
/// names the construct and its line, and says a raw prompt can be sent instead.</item>
/// <item>A template that rejects the conversation with <c>raise_exception(message)</c> (say, roles that do not
/// alternate): <see cref="TemplateException"/> with that message and <see cref="TemplateException.RaisedByTemplate"/>.</item>
/// <item>Other run-time failures and exceeded sandbox limits: <see cref="TemplateException"/>.</item>
/// </list>
/// Load once per model and render per request; thread-safe.
/// </summary>
public sealed class ModelChatTemplate
{
    private ModelChatTemplate(ChatTemplate template) => Template = template;

    /// <summary>The parsed template.</summary>
    public ChatTemplate Template { get; }

    /// <summary>Parses a model's template; throws <see cref="ChatTemplateUnavailableException"/> when it has none or it does not parse.</summary>
    public static ModelChatTemplate Load(string? source, ChatTemplateOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw ChatTemplateUnavailableException.Missing();
        }
        try
        {
            return new ModelChatTemplate(ChatTemplate.Parse(source, options));
        }
        catch (TemplateException e)
        {
            throw ChatTemplateUnavailableException.Unusable(e);
        }
    }

    /// <summary>Loads <paramref name="source"/> and renders <paramref name="context"/> with it (see the class summary for the errors).</summary>
    public static string Render(string? source, ChatTemplateContext context, ChatTemplateOptions? options = null) =>
        Load(source, options).Render(context);

    /// <summary>Renders <paramref name="context"/> (see the class summary for the errors).</summary>
    public string Render(ChatTemplateContext context)
    {
        try
        {
            return Template.Render(context);
        }
        catch (TemplateException e) when (e.Unsupported)
        {
            throw ChatTemplateUnavailableException.Unusable(e);
        }
    }
}
