namespace Augur.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("augur: no commands yet");
        return args.Length == 0 ? 2 : 2;
    }
}
