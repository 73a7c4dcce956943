using Augur.Models.Hub;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur pull REPO FILE [--models-dir D] [--revision R]</c>: downloads a file (a GGUF) from the Hugging Face hub into
/// the model folder (default <c>./models</c>, where <c>augur serve</c> looks), with a progress bar, resuming a partial
/// download and checking the hub's sha256. <c>HF_ENDPOINT</c> points it at a mirror; <c>HF_TOKEN</c> authenticates.
/// </summary>
internal static class PullCommand
{
    public const string DefaultModelsDirectory = "models";

    public static int Execute(CommandLine line)
    {
        IReadOnlyList<string> positionals = line.Positionals(2, "a repository and a file: augur pull OWNER/NAME FILE.gguf");
        string directory = line.String("models-dir") ?? DefaultModelsDirectory;
        string revision = line.String("revision") ?? HubFile.MainRevision;
        line.EnsureAllUsed();

        HubFile file;
        try
        {
            file = new HubFile(positionals[0], positionals[1], revision);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message[..(e.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is int i and >= 0 ? i : e.Message.Length)]);
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel(); // the .part file stays, and the next pull continues it
        };
        Console.CancelKeyPress += onCancel;
        ProgressBar? bar = null;
        try
        {
            using var downloader = new HubDownloader(HubOptions.FromEnvironment());
            HubDownloadResult result = downloader.DownloadAsync(file, directory, progress =>
            {
                if (progress.TotalBytes is not long total)
                    return;
                bar ??= new ProgressBar(file.FileName, total);
                bar.Report((double)progress.BytesDone / Math.Max(1, total));
            }, cancel.Token).GetAwaiter().GetResult();
            bar?.Dispose();
            bar = null;

            string checksum = result.Sha256 is null ? "no checksum from the hub" : $"sha256 {result.Sha256} verified";
            Console.Out.WriteLine(result.AlreadyPresent
                ? $"{result.Path} is already up to date ({checksum})"
                : $"saved {result.Path} ({result.Bytes} bytes{(result.ResumedFrom > 0 ? $", resumed from {result.ResumedFrom}" : "")}; {checksum})");
            return 0;
        }
        catch (HubException e)
        {
            bar?.Dispose();
            Console.Error.WriteLine($"augur: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            bar?.Dispose();
            Console.Error.WriteLine("augur: interrupted; run the same pull again to resume");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
