using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Augur.Server.Hosting;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, through OpenTelemetry's Prometheus exporter: every instrument of
/// the engine's <c>Augur.Engine</c> meters (one per model; the meter's <c>model</c> tag becomes the label
/// <c>otel_scope_model</c>, as OpenTelemetry exports scope attributes, e.g.
/// <c>augur_engine_kv_blocks_used{otel_scope_model="@local/stories260k"}</c>) and ASP.NET Core's HTTP server and
/// Kestrel metrics (<c>http_server_request_duration_seconds</c>, <c>http_server_active_requests</c>, connections).
/// </summary>
internal static class Observability
{
    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The engine's meter (<c>Augur.Engine.Metrics.EngineMetrics.MeterName</c>).</summary>
    public const string EngineMeter = "Augur.Engine";

    /// <summary>
    /// Bucket bounds in seconds for the engine's latency histograms (time to first token, inter-token latency): from
    /// a millisecond to a minute, where OpenTelemetry's defaults (0 to 10,000) would put every sample in the first few.
    /// </summary>
    private static readonly double[] LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    public static IServiceCollection AddAugurMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EngineMeter, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddView(instrument => instrument.Meter.Name == EngineMeter && instrument.Unit == "s"
                ? new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets }
                : null)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Maps <see cref="MetricsPath"/>; it needs no token (bind the server to loopback or filter it at the proxy).</summary>
    public static IEndpointRouteBuilder MapAugurMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();
        return app;
    }
}
