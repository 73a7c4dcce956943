using Augur.Server.Generation;
using Augur.Server.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Apis;

/// <summary>OpenAI's <c>GET /v1/models</c>: the catalog as OpenAI model objects.</summary>
internal static class OpenAiModelsApi
{
    public static IEndpointRouteBuilder MapOpenAiModels(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/models", List);
        return v1;
    }

    private static IResult List(TextGenerator generator)
    {
        List<ModelObject> models = [.. generator.Catalog.Entries.Select(e => new ModelObject(e.Name, "model", e.CreatedAt.ToUnixTimeSeconds(), "augur"))];
        return TypedResults.Json(new ModelList("list", models), ServerJson.Context.ModelList);
    }
}
