namespace Augur.Models.ChatTemplates;

/// <summary>
/// Recursive-descent parser from lexed segments to statement nodes; expressions follow Jinja2's precedence
/// (see TemplateParser.Expressions.cs). Nesting is bounded by <see cref="ChatTemplateOptions.MaxDepth"/>.
/// </summary>
internal sealed partial class TemplateParser
{
    private readonly string _source;
    private readonly List<TemplateSegment> _segments;
    private readonly int _maxDepth;
    private int _next;
    private int _depth;
    private int _loopDepth;

    // The tag being parsed.
    private IReadOnlyList<TemplateToken> _tokens = [];
    private int _pos;
    private int _tagPosition;

    private TemplateParser(string source, List<TemplateSegment> segments, int maxDepth)
    {
        _source = source;
        _segments = segments;
        _maxDepth = maxDepth;
    }

    /// <summary>As Jinja (newline_sequence "\n", keep_trailing_newline false): normalizes line ends and drops one final newline.</summary>
    public static string Normalize(string source)
    {
        source = source.Replace("\r\n", "\n", StringComparison.Ordinal);
        return source.EndsWith('\n') ? source[..^1] : source;
    }

    /// <summary>Parses <see cref="Normalize"/>d source; node positions are offsets into it.</summary>
    public static IReadOnlyList<Node> Parse(string source, ChatTemplateOptions options)
    {
        var parser = new TemplateParser(source, TemplateLexer.Tokenize(source, options), options.MaxDepth);
        (IReadOnlyList<Node> body, string? end) = parser.ParseBody();
        if (end is not null)
        {
            throw parser.Error($"unexpected '{{% {end} %}}'", parser._tagPosition);
        }
        return body;
    }

    private TemplateException Error(string message, int position, bool unsupported = false)
    {
        (int line, int column) = TemplateLexer.LineColumn(_source, position);
        return new TemplateException(message, line, column) { Unsupported = unsupported };
    }

    /// <summary>Parses nodes until end of input (returns null) or a tag named in <paramref name="ends"/> (returns its name, tag open).</summary>
    private (IReadOnlyList<Node> Body, string? End) ParseBody(params string[] ends)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_depth > _maxDepth)
        {
            throw Error($"blocks nested deeper than {_maxDepth}", _segments[Math.Max(_next - 1, 0)].Position);
        }
        var nodes = new List<Node>();
        while (_next < _segments.Count)
        {
            TemplateSegment segment = _segments[_next++];
            switch (segment.Kind)
            {
                case SegmentKind.Text:
                    nodes.Add(new TextNode(segment.Text, segment.Position));
                    break;
                case SegmentKind.Output:
                    BeginTag(segment);
                    Expr value = ParseExpression();
                    ExpectEndOfTag();
                    nodes.Add(new OutputNode(value, segment.Position));
                    break;
                default:
                    BeginTag(segment);
                    TemplateToken keyword = Current.Kind == TokenKind.Name ? Advance() : throw Error("expected a statement name", segment.Position);
                    if (Array.IndexOf(ends, keyword.Text) >= 0)
                    {
                        _depth--;
                        return (nodes, keyword.Text);
                    }
                    nodes.Add(ParseStatement(keyword.Text, segment.Position));
                    break;
            }
        }
        if (ends.Length > 0)
        {
            throw Error($"missing '{{% {ends[^1]} %}}'", _source.Length);
        }
        _depth--;
        return (nodes, null);
    }

    private Node ParseStatement(string keyword, int position)
    {
        switch (keyword)
        {
            case "if":
                return ParseIf(position);
            case "for":
                return ParseFor(position);
            case "set":
                return ParseSet(position);
            case "macro":
                return ParseMacro(position);
            case "break" or "continue":
                ExpectEndOfTag();
                return _loopDepth > 0 ? new LoopControlNode(keyword == "break", position) : throw Error($"'{keyword}' outside a loop", position);
            case "generation":
                ExpectEndOfTag();
                return new EmptyNode(position);
            case "endgeneration":
                ExpectEndOfTag();
                return new EmptyNode(position);
            default:
                throw Error($"unknown or unsupported statement '{keyword}'", position, unsupported: true);
        }
    }

    private IfNode ParseIf(int position)
    {
        var branches = new List<(Expr, IReadOnlyList<Node>)>();
        Expr condition = ParseExpression();
        ExpectEndOfTag();
        while (true)
        {
            (IReadOnlyList<Node> body, string? end) = ParseBody("elif", "else", "endif");
            branches.Add((condition, body));
            if (end == "elif")
            {
                condition = ParseExpression();
                ExpectEndOfTag();
                continue;
            }
            IReadOnlyList<Node>? elseBody = null;
            if (end == "else")
            {
                ExpectEndOfTag();
                (elseBody, _) = ParseBody("endif");
            }
            ExpectEndOfTag();
            return new IfNode(branches, elseBody, position);
        }
    }

    private ForNode ParseFor(int position)
    {
        var targets = new List<string>();
        bool parenthesized = Accept("(");
        do
        {
            targets.Add(ExpectName());
        }
        while (Accept(","));
        if (parenthesized)
        {
            Expect(")");
        }
        if (!Current.IsName("in"))
        {
            throw Error("expected 'in' in for loop", Current.Position);
        }
        Advance();
        Expr iterable = ParseTuple(withCondition: false);
        Expr? filter = null;
        if (Current.IsName("if"))
        {
            Advance();
            filter = ParseExpression();
        }
        if (Current.IsName("recursive"))
        {
            throw Error("recursive loops are not supported", Current.Position, unsupported: true);
        }
        ExpectEndOfTag();
        _loopDepth++;
        (IReadOnlyList<Node> body, string? end) = ParseBody("else", "endfor");
        _loopDepth--;
        IReadOnlyList<Node>? elseBody = null;
        if (end == "else")
        {
            ExpectEndOfTag();
            (elseBody, _) = ParseBody("endfor");
        }
        ExpectEndOfTag();
        return new ForNode(targets, iterable, filter, body, elseBody, position);
    }

    private Node ParseSet(int position)
    {
        string name = ExpectName();
        string? attribute = null;
        if (Accept("."))
        {
            attribute = ExpectName();
        }
        if (attribute is null && AtEndOfTag)
        {
            ExpectEndOfTag();
            (IReadOnlyList<Node> body, _) = ParseBody("endset");
            ExpectEndOfTag();
            return new SetBlockNode(name, body, position);
        }
        Expect("=");
        Expr value = ParseTuple(withCondition: true);
        ExpectEndOfTag();
        return new SetNode(name, attribute, value, position);
    }

    private MacroNode ParseMacro(int position)
    {
        string name = ExpectName();
        var parameters = new List<(string, Expr?)>();
        Expect("(");
        while (!Accept(")"))
        {
            if (parameters.Count > 0)
            {
                Expect(",");
                if (Accept(")"))
                {
                    break;
                }
            }
            string parameter = ExpectName();
            parameters.Add((parameter, Accept("=") ? ParseExpression() : null));
        }
        ExpectEndOfTag();
        int outerLoops = _loopDepth;
        _loopDepth = 0;
        (IReadOnlyList<Node> body, _) = ParseBody("endmacro");
        _loopDepth = outerLoops;
        ExpectEndOfTag();
        return new MacroNode(name, parameters, body, position);
    }

    private void BeginTag(TemplateSegment segment)
    {
        _tokens = segment.Tokens;
        _pos = 0;
        _tagPosition = segment.Position;
    }

    private bool AtEndOfTag => _pos >= _tokens.Count;

    private TemplateToken Current => _pos < _tokens.Count ? _tokens[_pos] : new TemplateToken(TokenKind.Operator, "", EndPosition);

    private int EndPosition => _tokens.Count > 0 ? _tokens[^1].Position + 1 : _tagPosition;

    private TemplateToken Advance()
    {
        TemplateToken token = Current;
        _pos++;
        return token;
    }

    private bool Accept(string op)
    {
        if (Current.Is(op))
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void Expect(string op)
    {
        if (!Accept(op))
        {
            throw Error($"expected '{op}' but found {Describe(Current)}", Current.Position);
        }
    }

    private string ExpectName()
    {
        if (Current.Kind != TokenKind.Name || AtEndOfTag)
        {
            throw Error($"expected a name but found {Describe(Current)}", Current.Position);
        }
        return Advance().Text;
    }

    private void ExpectEndOfTag()
    {
        if (!AtEndOfTag)
        {
            throw Error($"expected end of tag but found {Describe(Current)}", Current.Position);
        }
    }

    private string Describe(TemplateToken token) => _pos >= _tokens.Count ? "end of tag" : $"'{token.Text}'";
}
