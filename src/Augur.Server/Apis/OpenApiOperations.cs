using System.Text.Json;
using Augur.Server.Catalog;
using Augur.Server.Generation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Augur.Server.Apis;

/// <summary>
/// Fills in what the route handlers cannot say for themselves (they read their bodies as JSON documents and answer
/// <c>IResult</c>s): a summary for each operation, and the request body's JSON Schema, the same one the server validates
/// against.
/// </summary>
internal static class OpenApiOperations
{
    private sealed record Description(string Summary, Func<string>? BodySchema);

    private static readonly Dictionary<string, Description> Operations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST client/v4/accounts/{account_id}/ai/run/{model}"] = new(
            "Runs a text-generation model (Workers AI). The model name may be percent-encoded; with stream: true the answer is server-sent events.",
            () => ModelSchemas.InputJson),
        ["GET client/v4/accounts/{account_id}/ai/models/search"] = new("Lists and searches the catalog (Workers AI).", null),
        ["GET client/v4/accounts/{account_id}/ai/models/schema"] = new("The input and output JSON Schemas of a model (Workers AI).", null),
        ["POST client/v4/accounts/{account_id}/ai/v1/chat/completions"] = new(
            "OpenAI chat completions through Workers AI, with v4 envelopes for errors.", () => JsonSerializer.Serialize(OpenAiSchemas.Chat)),
        ["POST v1/chat/completions"] = new("OpenAI chat completions, streamed or not.", () => JsonSerializer.Serialize(OpenAiSchemas.Chat)),
        ["POST v1/completions"] = new("OpenAI (legacy) text completions, streamed or not.", () => JsonSerializer.Serialize(OpenAiSchemas.Completion)),
        ["GET v1/models"] = new("Lists the served models (OpenAI).", null),
    };

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        string path = (context.Description.RelativePath ?? "").Replace("{**model}", "{model}", StringComparison.Ordinal);
        // The Workers AI group's {account_id} is read by the authentication filter, not by the handlers: declare it.
        if (path.Contains("{account_id}", StringComparison.Ordinal) && operation.Parameters?.Any(p => p.Name == "account_id") != true)
        {
            operation.Parameters ??= [];
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = "account_id",
                In = ParameterLocation.Path,
                Required = true,
                Description = "The account the API token belongs to.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (!Operations.TryGetValue($"{context.Description.HttpMethod} {path}", out Description? description))
            return Task.CompletedTask;

        operation.Summary = description.Summary;
        if (description.BodySchema is not null)
        {
            IOpenApiSchema? schema = OpenApiModelFactory.Parse<OpenApiSchema>(description.BodySchema(), OpenApiSpecVersion.OpenApi3_1, context.Document!, out _);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = schema } },
            };
        }
        return Task.CompletedTask;
    }
}
