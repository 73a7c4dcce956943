using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Apis;

/// <summary>Workers AI's catalog routes: <c>GET …/ai/models/search</c> and <c>GET …/ai/models/schema?model=</c>.</summary>
internal static class ModelsApi
{
    private static readonly Guid TextGenerationTaskId = Guid.Parse("c329a1f9-323d-4e91-b2aa-582dd4188d34");
    private const string TextGenerationDescription =
        "Family of generative text models, such as large language models (LLM), that can be adapted for a variety of natural language tasks.";

    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder ai)
    {
        ai.MapGet("/models/search", Search);
        ai.MapGet("/models/schema", Schema);
        return ai;
    }

    private static IResult Search(HttpRequest request, TextGenerator generator)
    {
        int page = Positive(request.Query["page"], "page", 1, int.MaxValue);
        int perPage = Positive(request.Query["per_page"], "per_page", 50, 1000);
        string? search = request.Query["search"], task = request.Query["task"], author = request.Query["author"];

        List<CatalogEntry> matches = [.. generator.Catalog.Entries.Where(e =>
            (string.IsNullOrEmpty(search) || e.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || e.Description.Contains(search, StringComparison.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(task) || e.Task.Equals(task, StringComparison.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(author) || ModelNames.AuthorOf(e.Name).Equals(author, StringComparison.OrdinalIgnoreCase)))];
        List<ModelSearchItem> items = [.. matches.Skip((int)Math.Min(int.MaxValue, (page - 1L) * perPage)).Take(perPage).Select(Describe)];
        var body = new PagedEnvelope<ModelSearchItem>(items, true, [], [], new ResultInfo(page, perPage, items.Count, matches.Count));
        return TypedResults.Json(body, ServerJson.Context.PagedEnvelopeModelSearchItem);
    }

    private static IResult Schema(HttpRequest request, TextGenerator generator)
    {
        string? model = request.Query["model"];
        if (string.IsNullOrEmpty(model))
            throw ApiException.BadInput("Request is missing headers or body: the model query parameter.");
        CatalogEntry entry = generator.Resolve(model);
        var result = new ModelSchemaResult(JsonNode.Parse(entry.InputSchemaJson)!, JsonNode.Parse(ModelSchemas.OutputJson)!);
        return TypedResults.Json(Envelope<ModelSchemaResult>.Ok(result), ServerJson.Context.EnvelopeModelSchemaResult);
    }

    private static ModelSearchItem Describe(CatalogEntry entry)
    {
        var price = new JsonArray(
            new JsonObject { ["unit"] = "per M input tokens", ["price"] = entry.PriceInputPerMillion, ["currency"] = "USD" },
            new JsonObject { ["unit"] = "per M output tokens", ["price"] = entry.PriceOutputPerMillion, ["currency"] = "USD" });
        ModelProperty[] properties =
        [
            new("context_window", entry.ContextWindow.ToString(CultureInfo.InvariantCulture)),
            new("price", price),
            new("async_queue", Flag(entry.Capabilities.Batch)),
            new("lora", Flag(entry.Capabilities.Lora)),
            new("beta", Flag(entry.Capabilities.Beta)),
        ];
        return new ModelSearchItem(
            entry.Id,
            1,
            entry.Name,
            entry.Description,
            new TaskInfo(TextGenerationTaskId, entry.Task, TextGenerationDescription),
            entry.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
            [],
            properties);
    }

    private static JsonNode Flag(bool value) => value ? "true" : "false";

    private static int Positive(string? text, string name, int defaultValue, int max)
    {
        if (string.IsNullOrEmpty(text))
            return defaultValue;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= max
            ? value
            : throw ApiException.BadInput($"Invalid input: {name} must be an integer from 1 to {max}.");
    }
}
