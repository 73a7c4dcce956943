namespace Augur.Cli;

/// <summary>Bad command-line arguments: reported as one line on stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
