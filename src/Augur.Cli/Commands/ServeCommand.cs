using System.Globalization;
using Augur.Server;
using Augur.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur serve [--config augur.json] [--urls URLS] [--models-dir D]... [--dev-no-auth]</c>: runs the HTTP server
/// (Workers AI and OpenAI compatible) until Ctrl+C. The flags override the configuration file and AUGUR_ variables.
/// </summary>
internal static class ServeCommand
{
    public static int Execute(CommandLine line)
    {
        string? config = line.String("config");
        string? urls = line.String("urls");
        IReadOnlyList<string> directories = line.Strings("models-dir");
        bool devNoAuth = line.Switch("dev-no-auth");
        line.EnsureAllUsed();

        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (urls is not null)
            settings["Urls"] = urls;
        for (int i = 0; i < directories.Count; i++)
            settings[string.Create(CultureInfo.InvariantCulture, $"Augur:ModelDirectories:{i}")] = directories[i];
        if (devNoAuth)
            settings["Augur:DevNoAuth"] = "true";

        WebApplication app;
        try
        {
            app = AugurServer.Build([], config, settings);
        }
        catch (AugurConfigurationException e)
        {
            Console.Error.WriteLine($"augur: {e.Message}");
            return 2;
        }
        using (app)
        {
            app.Run();
        }
        return 0;
    }
}
