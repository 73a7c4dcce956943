using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Augur.Server.Apis;

/// <summary>
/// The OpenAPI 3.1 document of the HTTP API at <c>/openapi/v1.json</c>, generated from the routes, and Scalar's
/// browsable reference over it at <c>/docs</c>. Both need no token.
/// </summary>
internal static class OpenApiDocs
{
    /// <summary>The document's name and version.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the browsable reference is served.</summary>
    public const string UiPath = "/docs";

    private const string BearerScheme = "bearer";

    public static IServiceCollection AddAugurOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Augur",
                    Version = DocumentName,
                    Description = "Workers AI compatible routes under /client/v4/accounts/{account_id}/ai, and OpenAI compatible routes under /v1. "
                        + "Send an API token as `Authorization: Bearer TOKEN`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An Augur API token, bound to one account.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(OpenApiOperations.DescribeAsync);
        });

    public static IEndpointRouteBuilder MapAugurOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(UiPath, scalar => scalar
            .WithTitle("Augur API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
