using Augur.Engine.Requests;

namespace Augur.Engine.Tests;

/// <summary>A request to submit at a given step, and optionally to cancel at a later one.</summary>
internal sealed record Submission(GenerationRequest Request, int ArrivalStep = 0, int CancelAtStep = -1);

/// <summary>What a sequence produced: its tokens, its text, and its last event.</summary>
internal sealed record Outcome(int[] Tokens, string Text, GenerationCompleted Completed);

/// <summary>Drives an engine that is not started, step by step, so that arrivals and cancellations land on exact steps.</summary>
internal static class EngineDriver
{
    public static Outcome[] Run(AugurEngine engine, IReadOnlyList<Submission> submissions, int maxSteps = 20_000)
    {
        var collectors = new Task<Outcome>?[submissions.Count];
        var cancellations = new CancellationTokenSource[submissions.Count];
        try
        {
            for (int step = 0; step < maxSteps; step++)
            {
                for (int i = 0; i < submissions.Count; i++)
                {
                    if (submissions[i].ArrivalStep == step)
                    {
                        cancellations[i] = new CancellationTokenSource();
                        collectors[i] = Collect(engine.Submit(submissions[i].Request, cancellations[i].Token));
                    }
                    if (submissions[i].CancelAtStep == step)
                        cancellations[i].Cancel();
                }
                bool worked = engine.Step();
                if (!worked && step > submissions.Max(s => Math.Max(s.ArrivalStep, s.CancelAtStep)))
                    break;
            }
            Assert.True(Task.WaitAll(collectors.Select(c => (Task)c!).ToArray(), TimeSpan.FromSeconds(30)), "Some sequence never completed.");
            return collectors.Select(c => c!.Result).ToArray();
        }
        finally
        {
            foreach (CancellationTokenSource? source in cancellations)
                source?.Dispose();
        }
    }

    /// <summary>Each request alone, one after another, on an engine of its own.</summary>
    public static Outcome[] RunAlone(Func<AugurEngine> engine, IReadOnlyList<Submission> submissions) =>
        submissions.Select(s =>
        {
            using AugurEngine alone = engine();
            return Run(alone, [s with { ArrivalStep = 0, CancelAtStep = -1 }])[0];
        }).ToArray();

    public static async Task<Outcome> Collect(IAsyncEnumerable<GenerationEvent> events)
    {
        var tokens = new List<int>();
        var text = new System.Text.StringBuilder();
        await foreach (GenerationEvent e in events)
        {
            switch (e)
            {
                case GenerationDelta delta:
                    tokens.AddRange(delta.Tokens);
                    text.Append(delta.Text);
                    break;
                case GenerationCompleted completed:
                    return new Outcome(tokens.ToArray(), text.ToString(), completed);
            }
        }
        throw new InvalidOperationException("The stream ended without a completed event.");
    }
}
