using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Server.Dashboard;

/// <summary>The Overview's chart data: for each day of the range and each model, the sums (cost in USD).</summary>
internal sealed record UsageSeries(IReadOnlyList<string> Days, IReadOnlyList<string> Models, IReadOnlyList<UsagePoint> Points);

/// <summary>One model's usage on one day.</summary>
internal sealed record UsagePoint(string Day, string Model, long Requests, long InputTokens, long CachedTokens, long OutputTokens, double Neurons, double CostUsd);

/// <summary>The live figures of one model's engine, as the Models and Engine pages show them.</summary>
internal sealed record EngineFigures(
    string Model,
    int Running,
    int Waiting,
    int KvBlocksUsed,
    int KvBlocksTotal,
    int KvBlocksCached,
    double PrefixHitRate,
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    long PrefillTokens,
    long DecodeTokens,
    long Steps,
    long Preemptions,
    double DraftAcceptanceRate,
    long DraftedTokens,
    int TimeToFirstTokenSamples,
    double TimeToFirstTokenP50Ms,
    double TimeToFirstTokenP95Ms);

/// <summary>The Playground's request: a conversation (or, raw, a prompt), the sampling parameters, the speculation choice and the adapter (a finetune's id), if any.</summary>
internal sealed record PlaygroundRequest(
    string Model,
    IReadOnlyList<PlaygroundMessage>? Messages,
    string? Prompt,
    bool Raw,
    float? Temperature,
    float? TopP,
    int? TopK,
    int? MaxTokens,
    ulong? Seed,
    string? Speculation,
    string? Lora = null);

internal sealed record PlaygroundMessage(string Role, string Content);

/// <summary>A piece of streamed text.</summary>
internal sealed record PlaygroundDelta(string Text);

/// <summary>The last event of a Playground answer: why it stopped, its usage, its speed and its speculation.</summary>
internal sealed record PlaygroundDone(
    string FinishReason,
    int InputTokens,
    int CachedTokens,
    int OutputTokens,
    double TimeToFirstTokenMs,
    double TokensPerSecond,
    int DraftedTokens,
    int AcceptedDraftTokens);

/// <summary>An error the scripts show.</summary>
internal sealed record DashboardError(string Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UsageSeries))]
[JsonSerializable(typeof(IReadOnlyList<EngineFigures>))]
[JsonSerializable(typeof(PlaygroundRequest))]
[JsonSerializable(typeof(PlaygroundDelta))]
[JsonSerializable(typeof(PlaygroundDone))]
[JsonSerializable(typeof(DashboardError))]
[JsonSerializable(typeof(Arena.ArenaBattleRequest))]
[JsonSerializable(typeof(Arena.ArenaBattleView))]
[JsonSerializable(typeof(Arena.ArenaVoteRequest))]
[JsonSerializable(typeof(Arena.ArenaVoteResult))]
[JsonSerializable(typeof(Arena.ArenaLeaderboard))]
[JsonSerializable(typeof(Arena.ArenaAutoRequest))]
[JsonSerializable(typeof(Arena.ArenaAutoReport))]
[JsonSerializable(typeof(List<BatchView>))]
[JsonSerializable(typeof(BatchDetail))]
[JsonSerializable(typeof(BatchSubmitRequest))]
[JsonSerializable(typeof(BatchPromptItem))]
[JsonSerializable(typeof(BatchSubmitted))]
[JsonSerializable(typeof(List<FinetuneView>))]
[JsonSerializable(typeof(FinetuneView))]
[JsonSerializable(typeof(FinetuneCreateRequest))]
internal sealed partial class DashboardJson : JsonSerializerContext;
