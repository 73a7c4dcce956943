using System.Diagnostics.Metrics;

namespace Augur.Engine.Metrics;

/// <summary>
/// The engine's instruments on the <c>Augur.Engine</c> meter (one meter per engine; the meter and every measurement
/// carry a <c>model</c> tag), named
/// after vLLM's where one exists: sequences running and waiting, KV blocks used and free, prefix cache queries, hits
/// and evictions, prefill and decode tokens (totals and rates), speculative drafted, accepted and emitted tokens with
/// the acceptance rate and mean accepted length, time to first token and inter-token latency.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Augur.Engine";

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _model;

    public EngineMetrics(string model, Func<EngineStatistics> statistics)
    {
        _model = new("model", model);
        _meter = new Meter(new MeterOptions(MeterName) { Tags = [_model] });
        _meter.CreateObservableGauge("augur.engine.sequences.running", () => Tagged(statistics().RunningSequences), "{sequence}", "Sequences admitted and holding KV blocks.");
        _meter.CreateObservableGauge("augur.engine.sequences.waiting", () => Tagged(statistics().WaitingSequences), "{sequence}", "Sequences waiting for admission.");
        _meter.CreateObservableGauge("augur.engine.kv.blocks.used", () => Tagged(statistics().KvBlocksUsed), "{block}", "KV blocks held by sequences.");
        _meter.CreateObservableGauge("augur.engine.kv.blocks.free", () => Tagged(statistics().KvBlocksFree), "{block}", "KV blocks free or holding only evictable cached contents.");
        _meter.CreateObservableCounter("augur.engine.prefix_cache.queries", () => Tagged(statistics().PrefixQueryTokens), "{token}", "Prompt tokens looked up in the prefix cache.");
        _meter.CreateObservableCounter("augur.engine.prefix_cache.hits", () => Tagged(statistics().PrefixHitTokens), "{token}", "Prompt tokens found in the prefix cache.");
        _meter.CreateObservableGauge("augur.engine.prefix_cache.hit_rate", () => Tagged(statistics().PrefixHitRate), null, "Prefix cache hits over queries since start.");
        _meter.CreateObservableCounter("augur.engine.prefix_cache.evictions", () => Tagged(statistics().PrefixEvictions), "{block}", "Cached blocks reused for other contents.");
        _meter.CreateObservableCounter("augur.engine.preemptions", () => Tagged(statistics().Preemptions), "{sequence}", "Sequences preempted to free KV blocks.");
        _meter.CreateObservableCounter("augur.engine.tokens.prefill", () => Tagged(statistics().PrefillTokens), "{token}", "Prompt tokens run through the model.");
        _meter.CreateObservableCounter("augur.engine.tokens.decode", () => Tagged(statistics().DecodeTokens), "{token}", "Tokens decode steps generated (with speculation, every token a verification emitted).");
        _meter.CreateObservableGauge("augur.engine.tokens.prefill.rate", () => Tagged(statistics().PrefillTokensPerSecond), "{token}/s", "Prefill tokens per second over the last seconds.");
        _meter.CreateObservableGauge("augur.engine.tokens.decode.rate", () => Tagged(statistics().DecodeTokensPerSecond), "{token}/s", "Decode tokens per second over the last seconds.");
        _meter.CreateObservableCounter("augur.engine.speculative.drafted", () => Tagged(statistics().DraftedTokens), "{token}", "Draft tokens proposed and verified.");
        _meter.CreateObservableCounter("augur.engine.speculative.accepted", () => Tagged(statistics().AcceptedDraftTokens), "{token}", "Draft tokens the target accepted.");
        _meter.CreateObservableCounter("augur.engine.speculative.emitted", () => Tagged(statistics().AcceptedDraftTokens + statistics().DraftRounds), "{token}", "Tokens emitted by verification steps: accepted drafts plus the target's own.");
        _meter.CreateObservableGauge("augur.engine.speculative.acceptance_rate", () => Tagged(statistics().DraftAcceptanceRate), null, "Accepted over drafted tokens since start.");
        _meter.CreateObservableGauge("augur.engine.speculative.mean_accepted_length", () => Tagged(statistics().MeanAcceptedLength), "{token}", "Tokens emitted per verification since start.");
        TimeToFirstTokenHistogram = _meter.CreateHistogram<double>("augur.engine.time_to_first_token", "s", "From submission to the first generated token.");
        InterTokenLatencyHistogram = _meter.CreateHistogram<double>("augur.engine.inter_token_latency", "s", "Between consecutive generated tokens of a sequence.");
        FinishedSequencesCounter = _meter.CreateCounter<long>("augur.engine.sequences.finished", "{sequence}", "Sequences finished, by reason.");
    }

    private Histogram<double> TimeToFirstTokenHistogram { get; }

    private Histogram<double> InterTokenLatencyHistogram { get; }

    private Counter<long> FinishedSequencesCounter { get; }

    /// <summary>Records a time to first token, in seconds.</summary>
    public void TimeToFirstToken(double seconds) => TimeToFirstTokenHistogram.Record(seconds, _model);

    /// <summary>Records the gap between two tokens of a sequence, in seconds.</summary>
    public void InterTokenLatency(double seconds) => InterTokenLatencyHistogram.Record(seconds, _model);

    /// <summary>Counts a finished sequence.</summary>
    public void Finished(FinishReason reason) => FinishedSequencesCounter.Add(1, _model, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void Dispose() => _meter.Dispose();

    /// <summary>A measurement carrying the model as a tag of its own, so that exporters label every series with it.</summary>
    private Measurement<T> Tagged<T>(T value) where T : struct => new(value, _model);
}
