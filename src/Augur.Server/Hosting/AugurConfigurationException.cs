namespace Augur.Server.Hosting;

/// <summary>The server's configuration is invalid; <see cref="Exception.Message"/> lists every problem, one per line.</summary>
public sealed class AugurConfigurationException : Exception
{
    public AugurConfigurationException()
        : this("The configuration is invalid.")
    {
    }

    public AugurConfigurationException(string message)
        : base(message)
    {
    }

    public AugurConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AugurConfigurationException(IReadOnlyList<string> problems)
        : base("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
    }
}
