using System.Diagnostics.Metrics;
using Augur.Engine.Requests;
using Augur.Engine.Tests;

namespace Augur.Engine.Metrics.Tests;

public sealed class EngineMetricsTests(EngineModels models) : IClassFixture<EngineModels>
{
    [Fact]
    public void TheEngine_ReportsItsInstruments_TaggedWithItsModel()
    {
        var measurements = new List<(string Name, double Value, string? Model)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineMetrics.MeterName && instrument.Meter.Tags?.Any(t => (string?)t.Value == "metrics-test") == true)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, "metrics-test")));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, "metrics-test")));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => measurements.Add((i.Name, v, "metrics-test")));
        listener.Start();

        LoadedModel m = models.Stories260K;
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 64 }, ModelName = "metrics-test" });
        var request = new GenerationRequest { PromptTokens = [1, .. Enumerable.Range(5, 40)], MaxTokens = 6, IgnoreEndOfGeneration = true };
        EngineDriver.Run(engine, [new Submission(request), new Submission(request, ArrivalStep: 10)]);
        listener.RecordObservableInstruments();

        Assert.Equal(2, measurements.Count(x => x.Name == "augur.engine.time_to_first_token"));
        Assert.Equal(10, measurements.Count(x => x.Name == "augur.engine.inter_token_latency"));
        Assert.Equal(2, measurements.Where(x => x.Name == "augur.engine.sequences.finished").Sum(x => x.Value));
        Assert.Equal(82, Last("augur.engine.prefix_cache.queries"));
        Assert.Equal(32, Last("augur.engine.prefix_cache.hits"));
        Assert.Equal(32.0 / 82, Last("augur.engine.prefix_cache.hit_rate"), 6);
        Assert.Equal(0, Last("augur.engine.sequences.running"));
        Assert.Equal(0, Last("augur.engine.kv.blocks.used"));
        Assert.Equal(64, Last("augur.engine.kv.blocks.free"));
        Assert.Equal(41 + 41 - 32, Last("augur.engine.tokens.prefill"));
        Assert.Equal(10, Last("augur.engine.tokens.decode"));
        Assert.True(Last("augur.engine.tokens.decode.rate") > 0);

        double Last(string name) => measurements.Last(x => x.Name == name).Value;
    }
}
