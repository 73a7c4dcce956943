using Augur.Engine.Requests;
using Augur.Engine.Sampling;
using Augur.Models.Tokenizers;

namespace Augur.Engine.Tests;

public sealed class AugurEngineRequestTests(EngineModels models) : IClassFixture<EngineModels>
{
    private static readonly EngineOptions Options = new() { KvCache = new() { BlockCount = 64 } };

    [Fact]
    public void AStopString_EndsTheTextJustBeforeIt_AndNoPartOfItIsStreamed()
    {
        LoadedModel m = models.Stories260K;
        int[] prompt = m.File.Tokenizer.Encode("Once upon a time", new EncodeSettings { AddBos = true });
        using AugurEngine engine = models.Engine(m, Options);
        Outcome free = EngineDriver.Run(engine, [new Submission(new GenerationRequest { PromptTokens = prompt, MaxTokens = 80 })])[0];
        string[] words = free.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string stop = " " + words[words.Length / 2];
        int cut = free.Text.IndexOf(stop, StringComparison.Ordinal);
        Assert.True(cut > 0);

        var stopped = new GenerationRequest { PromptTokens = prompt, MaxTokens = 80, Stop = ["never appears", stop] };
        Outcome outcome = EngineDriver.Run(engine, [new Submission(stopped)])[0];

        Assert.Equal(free.Text[..cut], outcome.Text);
        Assert.Equal(FinishReason.Stop, outcome.Completed.FinishReason);
        Assert.Equal(stop, outcome.Completed.StopSequence);
        Assert.True(outcome.Tokens.Length < free.Tokens.Length);
        Assert.Equal(free.Tokens[..outcome.Tokens.Length], outcome.Tokens);
    }

    [Fact]
    public void Usage_CountsTheTokensAndTimes()
    {
        LoadedModel m = models.Stories260K;
        int[] prompt = m.File.Tokenizer.Encode("Once upon a time", new EncodeSettings { AddBos = true });
        using AugurEngine engine = models.Engine(m, Options);
        Outcome outcome = EngineDriver.Run(engine, [new Submission(new GenerationRequest { PromptTokens = prompt, MaxTokens = 50 })])[0];

        Assert.Equal(FinishReason.Length, outcome.Completed.FinishReason);
        GenerationUsage usage = outcome.Completed.Usage;
        Assert.Equal(prompt.Length, usage.PromptTokens);
        Assert.Equal(50, usage.CompletionTokens);
        Assert.Equal(50, outcome.Tokens.Length);
        Assert.True(usage.TimeToFirstToken > TimeSpan.Zero && usage.TimeToFirstToken >= usage.QueueTime);
        Assert.True(usage.DecodeTime > TimeSpan.Zero);
        Assert.Equal(m.File.Tokenizer.Decode(outcome.Tokens), outcome.Text);
    }

    [Fact]
    public void ASequenceStops_AtItsFirstEndOfGenerationToken_UnlessTheRequestIgnoresIt()
    {
        LoadedModel m = models.Synthetic;
        int eos = m.File.Tokenizer.Vocabulary.Eos.Value;
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 128 } });
        GenerationRequest[] requests = Enumerable.Range(0, 16)
            .Select(seed => new GenerationRequest { PromptTokens = [1, 7, 8], MaxTokens = 120, Sampling = new SamplingOptions { Temperature = 3f, Seed = (ulong)seed } })
            .ToArray();
        Outcome[] outcomes = EngineDriver.Run(engine, requests.Select(r => new Submission(r)).ToArray());
        Outcome[] ignoring = EngineDriver.Run(engine, requests.Select(r => new Submission(r with { IgnoreEndOfGeneration = true })).ToArray());

        for (int i = 0; i < outcomes.Length; i++)
        {
            int first = Array.IndexOf(ignoring[i].Tokens, eos);
            Assert.Equal(120, ignoring[i].Tokens.Length);
            if (first < 0)
            {
                Assert.Equal(FinishReason.Length, outcomes[i].Completed.FinishReason);
                Assert.Equal(ignoring[i].Tokens, outcomes[i].Tokens);
            }
            else
            {
                Assert.Equal(FinishReason.Stop, outcomes[i].Completed.FinishReason);
                Assert.Equal(ignoring[i].Tokens[..(first + 1)], outcomes[i].Tokens);
                Assert.Null(outcomes[i].Completed.StopSequence);
            }
        }
        Assert.Contains(outcomes, o => o.Completed.FinishReason == FinishReason.Stop);
    }

    [Fact]
    public void Cancelling_EndsTheSequenceAtTheNextStep_AndFreesItsBlocks()
    {
        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, Options);
        var request = new GenerationRequest { PromptTokens = [1, 5, 6, 7], MaxTokens = 200, IgnoreEndOfGeneration = true };
        Outcome[] outcomes = EngineDriver.Run(engine, [new Submission(request, ArrivalStep: 0, CancelAtStep: 6), new Submission(request, ArrivalStep: 3, CancelAtStep: 3)]);

        Assert.Equal(FinishReason.Cancelled, outcomes[0].Completed.FinishReason);
        Assert.Equal(6, outcomes[0].Tokens.Length); // steps 0–5 each sampled one token
        Assert.Equal(FinishReason.Cancelled, outcomes[1].Completed.FinishReason);
        Assert.Empty(outcomes[1].Tokens);
        Assert.Equal(0, engine.Statistics.KvBlocksUsed);
    }

    [Fact]
    public async Task AbandoningTheStream_CancelsTheSequence()
    {
        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, Options);
        IAsyncEnumerable<GenerationEvent> events = engine.Submit(new GenerationRequest { PromptTokens = [1, 5, 6], MaxTokens = 200, IgnoreEndOfGeneration = true });
        engine.Step();
        engine.Step();
        await foreach (GenerationEvent e in events)
        {
            Assert.IsType<GenerationDelta>(e);
            break; // the client went away
        }
        Assert.Equal(1, engine.Statistics.RunningSequences);
        engine.Step();
        Assert.Equal(0, engine.Statistics.RunningSequences);
        Assert.Equal(0, engine.Statistics.KvBlocksUsed);
    }

    [Fact]
    public void InvalidRequests_AreRefusedAtSubmission_WithAClearMessage()
    {
        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, Options with { ContextLength = 100 });
        GenerationRequest valid = new() { PromptTokens = [1, 5] };
        AssertRefused(valid with { PromptTokens = [] }, "empty");
        AssertRefused(valid with { PromptTokens = [1, 512] }, "outside the vocabulary");
        AssertRefused(valid with { PromptTokens = [1, -1] }, "outside the vocabulary");
        AssertRefused(valid with { PromptTokens = Enumerable.Repeat(5, 100).ToArray() }, "context holds 100");
        AssertRefused(valid with { MaxTokens = 0 }, "MaxTokens");
        AssertRefused(valid with { Sampling = new SamplingOptions { TopP = 0f } }, "TopP");
        AssertRefused(valid with { Stop = [""] }, "stop");
        Assert.Equal(0, engine.Statistics.WaitingSequences);

        using AugurEngine small = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 2, BlockTokens = 16 } });
        Assert.Contains("KV cache holds 32", Assert.Throws<ArgumentException>(() => small.Submit(valid with { PromptTokens = Enumerable.Repeat(5, 32).ToArray() })).Message);

        void AssertRefused(GenerationRequest request, string message) =>
            Assert.Contains(message, Assert.ThrowsAny<ArgumentException>(() => engine.Submit(request)).Message, StringComparison.OrdinalIgnoreCase);
    }
}
