namespace Augur.Models.ChatTemplates;

/// <summary>
/// A chat template failed to parse or to render: a syntax error (with <see cref="Line"/> and <see cref="Column"/>),
/// a runtime error, a <c>raise_exception(...)</c> call in the template, or an exceeded sandbox limit.
/// </summary>
public sealed class TemplateException : Exception
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

    /// <summary>1-based line of a parse error; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of a parse error; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>True when the template itself raised the error with <c>raise_exception(message)</c>.</summary>
    public bool RaisedByTemplate { get; init; }
}
