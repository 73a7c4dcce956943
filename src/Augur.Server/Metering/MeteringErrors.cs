using Augur.Server.Errors;

namespace Augur.Server.Metering;

/// <summary>The metering's documented error.</summary>
public static class MeteringErrors
{
    /// <summary>3036, 429: the account's daily free allocation is used up (free plan).</summary>
    public static WorkersAiError DailyAllocationUsedUp { get; } = new(3036, 429, "rate_limit_error", "daily_limit_exceeded");

    /// <summary>Workers AI's message for 3036, with the allocation in it.</summary>
    public static string Message(double dailyNeurons) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"You have used up your daily free allocation of {dailyNeurons:N0} neurons. Please upgrade to a paid plan if you would like to continue usage.");
}
