namespace Augur.Models.ChatTemplates;

/// <summary>
/// A model has no usable chat template: it carries none, or its template does not parse, or it uses a construct this
/// interpreter does not implement. The message says so and that a raw prompt (sent as is, no template applied) still
/// works; <see cref="TemplateException.Line"/>, <see cref="TemplateException.Column"/> and
/// <see cref="Exception.InnerException"/> locate the cause when the template exists.
/// </summary>
public sealed class ChatTemplateUnavailableException : TemplateException
{
    private const string RawHint = "a raw prompt (sent as is, without a chat template) can be used instead";

    public ChatTemplateUnavailableException()
        : this("the model has no usable chat template; " + RawHint)
    {
    }

    public ChatTemplateUnavailableException(string message)
        : base(message)
    {
    }

    public ChatTemplateUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
        if (innerException is TemplateException template)
        {
            Line = template.Line;
            Column = template.Column;
            Unsupported = template.Unsupported;
        }
    }

    /// <summary>The model carries no template (null or blank).</summary>
    internal static ChatTemplateUnavailableException Missing() =>
        new("the model has no chat template (no tokenizer.chat_template); " + RawHint);

    /// <summary>The template failed to parse, or uses an unsupported construct; <paramref name="cause"/> names it and its line.</summary>
    internal static ChatTemplateUnavailableException Unusable(TemplateException cause) =>
        new($"the model's chat template cannot be used: {cause.Message}; " + RawHint, cause);
}
