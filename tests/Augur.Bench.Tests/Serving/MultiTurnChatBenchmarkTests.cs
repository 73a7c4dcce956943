namespace Augur.Bench.Serving.Tests;

public sealed class MultiTurnChatBenchmarkTests(ServingModelsFixture models) : IClassFixture<ServingModelsFixture>
{
    [Fact]
    public async Task The_measured_hit_rate_reaches_the_theoretical_maximum_when_nothing_is_evicted()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options;
        int c = options.Conversations, u = options.UserTokens, a = options.AnswerTokens;

        ChatResult result = await MultiTurnChatBenchmark.RunAsync(models.Stories260K, options);

        // Turn t's prompt holds t + 1 user messages and t answers (end-of-generation is ignored: every answer is full);
        // of it, the previous prompt and answer but the answer's last token were computed before.
        long prompts = 0, reusable = 0;
        for (int t = 0; t < options.Turns; t++)
        {
            prompts += c * (u * (t + 1) + a * t);
            reusable += t == 0 ? 0 : c * ((u * t + a * t - 1) / 16 * 16);
        }
        Assert.Equal(prompts, result.PromptTokens);
        Assert.Equal(reusable, result.TheoreticalHitTokens);
        Assert.Equal(0, result.Evictions);
        Assert.Equal(result.TheoreticalHitTokens, result.HitTokens);
        Assert.Equal((double)reusable / prompts, result.TheoreticalHitRate, 12);
        Assert.True(result.HitRate <= result.TheoreticalHitRate);
    }

    [Fact]
    public async Task With_a_cache_too_small_for_every_conversation_the_hit_rate_stays_below_the_maximum()
    {
        // 8 blocks: the last turn's sequences (7 blocks each) run one at a time, and the earlier turns' blocks do not stay.
        ServingBenchmarkOptions options = ServingModelsFixture.Options with { KvBudgetBytes = KvBytes(models.Stories260K, blocks: 8) };

        ChatResult result = await MultiTurnChatBenchmark.RunAsync(models.Stories260K, options);

        Assert.True(result.Evictions > 0);
        Assert.True(result.HitTokens < result.TheoreticalHitTokens, $"{result.HitTokens} of {result.TheoreticalHitTokens}");
    }

    private static long KvBytes(ServingModel model, int blocks) =>
        blocks * new Augur.Engine.Kv.KvCacheOptions().BlockBytes(model.Config.BlockCount, model.Config.EmbeddingLength / model.Config.HeadCount * model.Config.HeadCountKv);
}
