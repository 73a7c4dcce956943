using System.Diagnostics.Metrics;

namespace Augur.Engine.Metrics;

/// <summary>
/// The engine's instruments on the <c>Augur.Engine</c> meter (one meter per engine, tagged with its model), named
/// after vLLM's where one exists: sequences running and waiting, KV blocks used and free, prefix cache queries, hits
/// and evictions, prefill and decode tokens (totals and rates), speculative drafted, accepted and emitted tokens with
/// the acceptance rate and mean accepted length, time to first token and inter-token latency.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Augur.Engine";

    private readonly Meter _meter;

    public EngineMetrics(string model, Func<EngineStatistics> statistics)
    {
        _meter = new Meter(new MeterOptions(MeterName) { Tags = [new("model", model)] });
        _meter.CreateObservableGauge("augur.engine.sequences.running", () => statistics().RunningSequences, "{sequence}", "Sequences admitted and holding KV blocks.");
        _meter.CreateObservableGauge("augur.engine.sequences.waiting", () => statistics().WaitingSequences, "{sequence}", "Sequences waiting for admission.");
        _meter.CreateObservableGauge("augur.engine.kv.blocks.used", () => statistics().KvBlocksUsed, "{block}", "KV blocks held by sequences.");
        _meter.CreateObservableGauge("augur.engine.kv.blocks.free", () => statistics().KvBlocksFree, "{block}", "KV blocks free or holding only evictable cached contents.");
        _meter.CreateObservableCounter("augur.engine.prefix_cache.queries", () => statistics().PrefixQueryTokens, "{token}", "Prompt tokens looked up in the prefix cache.");
        _meter.CreateObservableCounter("augur.engine.prefix_cache.hits", () => statistics().PrefixHitTokens, "{token}", "Prompt tokens found in the prefix cache.");
        _meter.CreateObservableGauge("augur.engine.prefix_cache.hit_rate", () => statistics().PrefixHitRate, null, "Prefix cache hits over queries since start.");
        _meter.CreateObservableCounter("augur.engine.prefix_cache.evictions", () => statistics().PrefixEvictions, "{block}", "Cached blocks reused for other contents.");
        _meter.CreateObservableCounter("augur.engine.preemptions", () => statistics().Preemptions, "{sequence}", "Sequences preempted to free KV blocks.");
        _meter.CreateObservableCounter("augur.engine.tokens.prefill", () => statistics().PrefillTokens, "{token}", "Prompt tokens run through the model.");
        _meter.CreateObservableCounter("augur.engine.tokens.decode", () => statistics().DecodeTokens, "{token}", "Decode tokens run through the model.");
        _meter.CreateObservableGauge("augur.engine.tokens.prefill.rate", () => statistics().PrefillTokensPerSecond, "{token}/s", "Prefill tokens per second over the last seconds.");
        _meter.CreateObservableGauge("augur.engine.tokens.decode.rate", () => statistics().DecodeTokensPerSecond, "{token}/s", "Decode tokens per second over the last seconds.");
        _meter.CreateObservableCounter("augur.engine.speculative.drafted", () => statistics().DraftedTokens, "{token}", "Draft tokens proposed and verified.");
        _meter.CreateObservableCounter("augur.engine.speculative.accepted", () => statistics().AcceptedDraftTokens, "{token}", "Draft tokens the target accepted.");
        _meter.CreateObservableCounter("augur.engine.speculative.emitted", () => statistics().AcceptedDraftTokens + statistics().DraftRounds, "{token}", "Tokens emitted by verification steps: accepted drafts plus the target's own.");
        _meter.CreateObservableGauge("augur.engine.speculative.acceptance_rate", () => statistics().DraftAcceptanceRate, null, "Accepted over drafted tokens since start.");
        _meter.CreateObservableGauge("augur.engine.speculative.mean_accepted_length", () => statistics().MeanAcceptedLength, "{token}", "Tokens emitted per verification since start.");
        TimeToFirstToken = _meter.CreateHistogram<double>("augur.engine.time_to_first_token", "s", "From submission to the first generated token.");
        InterTokenLatency = _meter.CreateHistogram<double>("augur.engine.inter_token_latency", "s", "Between consecutive generated tokens of a sequence.");
        FinishedSequences = _meter.CreateCounter<long>("augur.engine.sequences.finished", "{sequence}", "Sequences finished, by reason.");
    }

    public Histogram<double> TimeToFirstToken { get; }

    public Histogram<double> InterTokenLatency { get; }

    public Counter<long> FinishedSequences { get; }

    public void Dispose() => _meter.Dispose();
}
