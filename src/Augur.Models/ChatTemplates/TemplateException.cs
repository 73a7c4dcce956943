namespace Augur.Models.ChatTemplates;

/// <summary>
/// A chat template failed to parse or to render: a syntax error (with <see cref="Line"/> and <see cref="Column"/>),
/// a runtime error, a <c>raise_exception(...)</c> call in the template, or an exceeded sandbox limit.
/// <see cref="ChatTemplateUnavailableException"/> derives from it for a model whose template cannot be used at all.
/// </summary>
public class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public TemplateException(string message, int line, int column)
        : base($"{message} (line {line}, column {column})")
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the failing statement or parse error; 0 when unknown.</summary>
    public int Line { get; protected init; }

    /// <summary>1-based column of the failing statement or parse error; 0 when unknown.</summary>
    public int Column { get; protected init; }

    /// <summary>True when the template itself raised the error with <c>raise_exception(message)</c>.</summary>
    public bool RaisedByTemplate { get; init; }

    /// <summary>
    /// True when the template uses something this interpreter does not implement (a statement, filter, test,
    /// function or method), as opposed to a template that runs and fails: such a template is not usable at all.
    /// </summary>
    public bool Unsupported { get; init; }
}
