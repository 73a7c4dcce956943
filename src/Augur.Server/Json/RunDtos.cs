using System.Text.Json.Serialization;

namespace Augur.Server.Json;

/// <summary><c>/ai/run</c>'s result: the text and its usage.</summary>
public sealed record RunResult(string Response, Usage Usage);

/// <summary>Token counts, Workers AI and OpenAI alike.</summary>
public sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens, PromptTokensDetails PromptTokensDetails);

/// <summary>How many prompt tokens came from the prefix cache.</summary>
public sealed record PromptTokensDetails(int CachedTokens);

/// <summary>One SSE event of a streamed <c>/ai/run</c>: new text and random padding.</summary>
public sealed record RunStreamDelta(string Response, [property: JsonPropertyName("p")] string Padding);

/// <summary>The last SSE event before <c>[DONE]</c>: empty text and the usage.</summary>
public sealed record RunStreamUsage(string Response, Usage Usage);

/// <summary><c>models/schema</c>'s result.</summary>
public sealed record ModelSchemaResult(System.Text.Json.Nodes.JsonNode Input, System.Text.Json.Nodes.JsonNode Output);

/// <summary>A model of <c>models/search</c>.</summary>
public sealed record ModelSearchItem(
    Guid Id,
    int Source,
    string Name,
    string Description,
    TaskInfo Task,
    string CreatedAt,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ModelProperty> Properties);

/// <summary>A task (<c>Text Generation</c>).</summary>
public sealed record TaskInfo(Guid Id, string Name, string Description);

/// <summary>A catalog property: <c>value</c> is a string, or an array for <c>price</c>.</summary>
public sealed record ModelProperty(string PropertyId, System.Text.Json.Nodes.JsonNode Value);
