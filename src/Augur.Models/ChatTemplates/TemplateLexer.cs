using System.Globalization;
using System.Text;

namespace Augur.Models.ChatTemplates;

/// <summary>
/// Splits template source into text and tag segments, applying whitespace control (<c>{%-</c>, <c>-%}</c>, <c>+%}</c>…)
/// and the <c>trim_blocks</c>/<c>lstrip_blocks</c> conventions, and tokenizes the inside of each tag.
/// </summary>
internal sealed class TemplateLexer
{
    private static readonly string[] Operators =
        ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "="];

    private readonly string _source;
    private readonly ChatTemplateOptions _options;
    private readonly List<Raw> _raw = [];

    private TemplateLexer(string source, ChatTemplateOptions options)
    {
        _source = source;
        _options = options;
    }

    private enum RawKind
    {
        Text,
        Output,
        Statement,
        Comment,
    }

    public static List<TemplateSegment> Tokenize(string source, ChatTemplateOptions options)
    {
        var lexer = new TemplateLexer(source, options);
        lexer.Split();
        return lexer.ApplyWhitespace();
    }

    public static (int Line, int Column) LineColumn(string source, int position)
    {
        int line = 1, column = 1;
        for (int i = 0; i < position && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return (line, column);
    }

    private TemplateException Error(string message, int position)
    {
        (int line, int column) = LineColumn(_source, position);
        return new TemplateException(message, line, column);
    }

    private void Split()
    {
        int i = 0;
        int textStart = 0;
        while (i < _source.Length)
        {
            int open = _source.IndexOf('{', i);
            if (open < 0 || open + 1 >= _source.Length)
            {
                break;
            }
            char next = _source[open + 1];
            if (next is not ('{' or '%' or '#'))
            {
                i = open + 1;
                continue;
            }
            if (open > textStart)
            {
                _raw.Add(new Raw(RawKind.Text, textStart, _source[textStart..open]));
            }
            int inner = open + 2;
            bool leftStrip = inner < _source.Length && _source[inner] == '-';
            bool leftPlus = inner < _source.Length && _source[inner] == '+';
            if (leftStrip || leftPlus)
            {
                inner++;
            }
            i = next == '#' ? LexComment(open, inner, leftStrip, leftPlus) : LexTag(open, inner, next == '{', leftStrip, leftPlus);
            textStart = i;
        }
        if (textStart < _source.Length)
        {
            _raw.Add(new Raw(RawKind.Text, textStart, _source[textStart..]));
        }
    }

    private int LexComment(int open, int inner, bool leftStrip, bool leftPlus)
    {
        int close = _source.IndexOf("#}", inner, StringComparison.Ordinal);
        if (close < 0)
        {
            throw Error("unclosed comment '{#'", open);
        }
        bool rightStrip = close > inner && _source[close - 1] == '-';
        bool rightPlus = close > inner && _source[close - 1] == '+';
        _raw.Add(new Raw(RawKind.Comment, open, "") { LeftStrip = leftStrip, LeftPlus = leftPlus, RightStrip = rightStrip, RightPlus = rightPlus });
        return close + 2;
    }

    private int LexTag(int open, int i, bool isOutput, bool leftStrip, bool leftPlus)
    {
        char closeChar = isOutput ? '}' : '%';
        var tokens = new List<TemplateToken>();
        int depth = 0;
        while (true)
        {
            while (i < _source.Length && char.IsWhiteSpace(_source[i]))
            {
                i++;
            }
            if (i >= _source.Length)
            {
                throw Error(isOutput ? "unclosed tag '{{'" : "unclosed tag '{%'", open);
            }
            char c = _source[i];
            if (depth == 0 && (c is '-' or '+') && At(i + 1, closeChar, '}'))
            {
                var raw = new Raw(isOutput ? RawKind.Output : RawKind.Statement, open, "")
                { LeftStrip = leftStrip, LeftPlus = leftPlus, RightStrip = c == '-', RightPlus = c == '+', Tokens = tokens };
                _raw.Add(raw);
                return i + 3;
            }
            if (depth == 0 && At(i, closeChar, '}'))
            {
                _raw.Add(new Raw(isOutput ? RawKind.Output : RawKind.Statement, open, "") { LeftStrip = leftStrip, LeftPlus = leftPlus, Tokens = tokens });
                return i + 2;
            }
            TemplateToken token = LexToken(ref i);
            if (token.Kind == TokenKind.Operator)
            {
                depth += token.Text is "(" or "[" or "{" ? 1 : token.Text is ")" or "]" or "}" ? -1 : 0;
                depth = Math.Max(depth, 0);
            }
            tokens.Add(token);
        }
    }

    private bool At(int i, char a, char b) => i + 1 < _source.Length && _source[i] == a && _source[i + 1] == b;

    private TemplateToken LexToken(ref int i)
    {
        int start = i;
        char c = _source[i];
        if (char.IsLetter(c) || c == '_')
        {
            while (i < _source.Length && (char.IsLetterOrDigit(_source[i]) || _source[i] == '_'))
            {
                i++;
            }
            return new TemplateToken(TokenKind.Name, _source[start..i], start);
        }
        if (char.IsAsciiDigit(c))
        {
            return LexNumber(ref i);
        }
        if (c is '\'' or '"')
        {
            return new TemplateToken(TokenKind.String, LexString(ref i), start);
        }
        foreach (string op in Operators)
        {
            if (string.CompareOrdinal(_source, i, op, 0, op.Length) == 0)
            {
                i += op.Length;
                return new TemplateToken(TokenKind.Operator, op, start);
            }
        }
        throw Error($"unexpected character '{c}'", i);
    }

    private TemplateToken LexNumber(ref int i)
    {
        int start = i;
        while (i < _source.Length && (char.IsAsciiDigit(_source[i]) || _source[i] == '_'))
        {
            i++;
        }
        bool isFloat = false;
        if (i + 1 < _source.Length && _source[i] == '.' && char.IsAsciiDigit(_source[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < _source.Length && char.IsAsciiDigit(_source[i]))
            {
                i++;
            }
        }
        if (i < _source.Length && (_source[i] is 'e' or 'E'))
        {
            int j = i + 1;
            if (j < _source.Length && (_source[j] is '+' or '-'))
            {
                j++;
            }
            if (j < _source.Length && char.IsAsciiDigit(_source[j]))
            {
                isFloat = true;
                i = j;
                while (i < _source.Length && char.IsAsciiDigit(_source[i]))
                {
                    i++;
                }
            }
        }
        string text = _source[start..i].Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
        {
            return new TemplateToken(TokenKind.Float, text, start, Float: double.Parse(text, CultureInfo.InvariantCulture));
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            throw Error($"integer literal '{text}' is too large", start);
        }
        return new TemplateToken(TokenKind.Integer, text, start, Integer: value);
    }

    private string LexString(ref int i)
    {
        int start = i;
        char quote = _source[i++];
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= _source.Length)
            {
                throw Error("unterminated string literal", start);
            }
            char c = _source[i++];
            if (c == quote)
            {
                return sb.ToString();
            }
            if (c != '\\' || i >= _source.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = _source[i++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case '0': sb.Append('\0'); break;
                case '\\' or '\'' or '"': sb.Append(e); break;
                case '\n': break;
                case 'x' or 'u' or 'U':
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > _source.Length
                        || !int.TryParse(_source.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)
                        || code > 0x10FFFF)
                    {
                        throw Error($"bad '\\{e}' escape", i - 2);
                    }
                    sb.Append(char.ConvertFromUtf32(code));
                    i += digits;
                    break;
                default: sb.Append('\\').Append(e); break;
            }
        }
    }

    private List<TemplateSegment> ApplyWhitespace()
    {
        var segments = new List<TemplateSegment>(_raw.Count);
        for (int k = 0; k < _raw.Count; k++)
        {
            Raw raw = _raw[k];
            switch (raw.Kind)
            {
                case RawKind.Output:
                    segments.Add(new TemplateSegment(SegmentKind.Output, "", raw.Tokens, raw.Position));
                    break;
                case RawKind.Statement:
                    segments.Add(new TemplateSegment(SegmentKind.Statement, "", raw.Tokens, raw.Position));
                    break;
                case RawKind.Text:
                    string text = Trim(raw, k > 0 ? _raw[k - 1] : null, k + 1 < _raw.Count ? _raw[k + 1] : null);
                    if (text.Length > 0)
                    {
                        segments.Add(new TemplateSegment(SegmentKind.Text, text, [], raw.Position));
                    }
                    break;
                default:
                    break;
            }
        }
        return segments;
    }

    private string Trim(Raw raw, Raw? previous, Raw? next)
    {
        string text = raw.Text;
        if (next is not null)
        {
            if (next.LeftStrip)
            {
                text = text.TrimEnd();
            }
            else if (_options.LstripBlocks && next.IsBlock && !next.LeftPlus)
            {
                int lineStart = text.LastIndexOf('\n') + 1;
                bool atLineStart = lineStart > 0 || raw.Position == 0 || _source[raw.Position - 1] == '\n';
                if (atLineStart && text.AsSpan(lineStart).TrimStart(" \t").IsEmpty)
                {
                    text = text[..lineStart];
                }
            }
        }
        if (previous is not null)
        {
            if (previous.RightStrip)
            {
                text = text.TrimStart();
            }
            else if (_options.TrimBlocks && previous.IsBlock && !previous.RightPlus)
            {
                text = text.StartsWith('\n') ? text[1..] : text;
            }
        }
        return text;
    }

    private sealed record Raw(RawKind Kind, int Position, string Text)
    {
        public bool LeftStrip { get; init; }

        public bool LeftPlus { get; init; }

        public bool RightStrip { get; init; }

        public bool RightPlus { get; init; }

        public List<TemplateToken> Tokens { get; init; } = [];

        public bool IsBlock => Kind is RawKind.Statement or RawKind.Comment;
    }
}
