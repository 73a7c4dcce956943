using System.Globalization;

namespace Augur.Cli;

/// <summary>
/// The arguments of one command: <c>--name value</c> options, <c>--flag</c> switches and positional values.
/// Every lookup names the option it reads, so that whatever is left over at the end is an unknown option.
/// An option may be given more than once only where the command reads it with <see cref="Strings"/>.
/// Faults are <see cref="UsageException"/>s: one line on stderr, exit code 2.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string?>> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private bool _positionalsRead;

    private CommandLine(string command) => Command = command;

    public string Command { get; }

    /// <summary>
    /// Splits <paramref name="args"/> (after the command name). <paramref name="switches"/> names the options that
    /// take no value; every other <c>--name</c> takes the next argument (or <c>--name=value</c>).
    /// </summary>
    public static CommandLine Parse(string command, IReadOnlyList<string> args, params string[] switches)
    {
        var line = new CommandLine(command);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith('-') || arg == "-" || IsNumber(arg))
            {
                line._positionals.Add(arg);
                continue;
            }

            string name = arg.TrimStart('-');
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!switches.Contains(name))
            {
                if (i + 1 >= args.Count)
                    throw new UsageException($"option --{name} needs a value");
                value = args[++i];
            }

            if (line._options.TryGetValue(name, out List<string?>? values))
                values.Add(value);
            else
                line._options.Add(name, [value]);
        }

        return line;
    }

    public string? String(string name, string? alias = null)
    {
        _read.Add(name);
        if (alias is not null)
            _read.Add(alias);
        return _options.TryGetValue(name, out List<string?>? values) || (alias is not null && _options.TryGetValue(alias, out values))
            ? Single(name, values)
            : null;
    }

    /// <summary>Every value of a repeatable option, in order; empty if it is not given.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out List<string?>? values) ? values.Select(v => v!).ToArray() : [];
    }

    public string RequiredString(string name, string? alias = null) =>
        String(name, alias) ?? throw new UsageException($"missing required option --{name}");

    public bool Switch(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out List<string?>? values))
            return false;
        Single(name, values);
        return true;
    }

    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue, string? alias = null)
    {
        string? text = String(name, alias);
        if (text is null)
            return defaultValue;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new UsageException($"--{name} must be an integer in [{min}, {max}], got '{text}'");
        return value;
    }

    public float Float(string name, float defaultValue, float min, float max, string? alias = null)
    {
        string? text = String(name, alias);
        if (text is null)
            return defaultValue;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !(value >= min && value <= max))
            throw new UsageException($"--{name} must be a number in [{min}, {max}], got '{text}'");
        return value;
    }

    public ulong? ULong(string name)
    {
        string? text = String(name);
        if (text is null)
            return null;
        return ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new UsageException($"--{name} must be a non-negative integer, got '{text}'");
    }

    /// <summary>The positional arguments; exactly <paramref name="count"/> of them are required.</summary>
    public IReadOnlyList<string> Positionals(int count, string what)
    {
        _positionalsRead = true;
        if (_positionals.Count != count)
            throw new UsageException($"{Command} takes {what}");
        return _positionals;
    }

    /// <summary>Fails on any option that no lookup read, and on positional arguments the command does not take.</summary>
    public void EnsureAllUsed()
    {
        if (!_positionalsRead && _positionals.Count > 0)
            throw new UsageException($"unexpected argument '{_positionals[0]}' for '{Command}'");
        foreach (string name in _options.Keys)
        {
            if (!_read.Contains(name))
                throw new UsageException($"unknown option --{name} for '{Command}'");
        }
    }

    private static string? Single(string name, List<string?> values) =>
        values.Count == 1 ? values[0] : throw new UsageException($"option --{name} given twice");

    private static bool IsNumber(string arg) =>
        double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
