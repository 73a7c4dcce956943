using System.Runtime.InteropServices;

namespace Augur.Bench;

/// <summary>Reads what the machine is: processor model and load average (Linux <c>/proc</c>; elsewhere less).</summary>
public static class MachineInfo
{
    /// <summary>The processor model name, or the architecture where <c>/proc/cpuinfo</c> does not say.</summary>
    public static string CpuModel()
    {
        const string Key = "model name";
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith(Key, StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0)
                    return line[(colon + 1)..].Trim();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The 1, 5 and 15-minute load averages as <c>/proc/loadavg</c> gives them, e.g. <c>"1.52 1.20 0.98"</c>; null where unavailable.</summary>
    public static string? LoadAverage()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 3 ? string.Join(' ', fields[..3]) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A summary whose <see cref="MachineSummary.LoadAfter"/> is still to be filled in.</summary>
    public static MachineSummary Capture() => new(
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.Now,
        LoadAverage(),
        LoadAfter: null);
}
