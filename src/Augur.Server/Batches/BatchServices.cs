using Augur.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Server.Batches;

/// <summary>Registers the async batch API's services.</summary>
internal static class BatchServices
{
    /// <summary>The queue the APIs use, the item executor, and this node's runner (hosted when <see cref="BatchOptions.RunnerEnabled"/>).</summary>
    public static IServiceCollection AddAugurBatches(this IServiceCollection services, AugurServerOptions options)
    {
        services.AddSingleton<BatchItemExecutor>();
        services.AddSingleton<BatchRunner>();
        services.AddSingleton<BatchQueue>();
        services.AddSingleton<OpenAiBatchService>();
        if (options.Batches.RunnerEnabled)
            services.AddHostedService(sp => sp.GetRequiredService<BatchRunner>());
        return services;
    }
}
