using Augur.Server.Accounts;
using Augur.Server.Batches;
using Augur.Server.Errors;
using Augur.Server.Finetunes;
using Augur.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Server.Apis;

/// <summary>The two route groups and their cross-cutting filters: error style outside, authentication inside.</summary>
internal static class ApiRoutes
{
    /// <summary>Workers AI under <c>/client/v4/accounts/{account_id}/ai</c>, with v4 envelopes.</summary>
    public static void MapWorkersAi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder ai = app.MapGroup("/client/v4/accounts/{account_id}/ai").WithTags("Workers AI");
        AddFilters(ai, ErrorStyle.Envelope);
        ai.MapRun();
        ai.MapModels();
        ai.MapUsage();
        ai.MapFinetunes();
        ai.MapGroup("/v1").MapChatCompletions();
    }

    /// <summary>Plain OpenAI at <c>/v1</c>, with OpenAI errors.</summary>
    public static void MapOpenAi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/v1").WithTags("OpenAI");
        AddFilters(v1, ErrorStyle.OpenAi);
        v1.MapChatCompletions();
        v1.MapCompletions();
        v1.MapOpenAiModels();
        v1.MapOpenAiFiles();
        v1.MapOpenAiBatches();
    }

    private static void AddFilters(RouteGroupBuilder group, ErrorStyle style)
    {
        group.AddEndpointFilterFactory((context, next) =>
        {
            IServiceProvider services = context.ApplicationServices;
            var errors = new ApiErrorFilter(style, services.GetRequiredService<AugurServerOptions>());
            var auth = new ApiAuthFilter(services.GetRequiredService<IApiTokenStore>(), services.GetRequiredService<AugurServerOptions>());
            return invocation => errors.InvokeAsync(invocation, inner => auth.InvokeAsync(inner, next));
        });
    }
}
