namespace Augur.Models.ChatTemplates;

internal enum TokenKind
{
    Name,
    String,
    Integer,
    Float,
    Operator,
}

/// <summary>One token inside a <c>{{ }}</c> or <c>{% %}</c> tag. <see cref="Text"/> holds a string literal's decoded value.</summary>
internal readonly record struct TemplateToken(TokenKind Kind, string Text, int Position, long Integer = 0, double Float = 0)
{
    public bool Is(string op) => Kind == TokenKind.Operator && Text == op;

    public bool IsName(string name) => Kind == TokenKind.Name && Text == name;
}

internal enum SegmentKind
{
    Text,
    Output,
    Statement,
}

/// <summary>A piece of template source: literal text, or the tokens of one tag. <see cref="Position"/> is the source offset.</summary>
internal sealed record TemplateSegment(SegmentKind Kind, string Text, IReadOnlyList<TemplateToken> Tokens, int Position);
