using Cortex.Commands;
using Cortex.Discord;
using Cortex.Discord.Interactions;
using Cortex.Discord.Rest;
using Cortex.ServiceDefaults.DiscordRest;
using Cortex.ServiceDefaults.Surfaces;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cortex.Gateway.Interactions;

public static class InteractionsExtensions
{
    /// <summary>The HTTP interactions endpoint and start-up command registration.</summary>
    public static WebApplicationBuilder AddInteractions(this WebApplicationBuilder builder)
    {
        builder.Services.AddCortexDiscordRest(builder.Configuration);
        builder.Services.AddInteractionsEndpoint(builder.Configuration);
        builder.Services.AddSingleton<SlashCommandRegistrar>();
        builder.Services.AddSingleton<ISlashCommandSource, CortexCommandSource>();
        builder.Services.AddHostedService<CommandRegistrationService>();
        return builder;
    }

    /// <summary>Just the endpoint's services (the caller provides Redis).</summary>
    public static IServiceCollection AddInteractionsEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDiscordOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InteractionVerifier>();
        services.AddSingleton<InteractionIntake>();
        return services;
    }

    public static WebApplication MapInteractions(this WebApplication app)
    {
        // Authenticated by signature; Discord delivers from a few addresses, so no per-IP limit applies.
        app.MapPost(InteractionsEndpoint.Path, InteractionsEndpoint.HandleAsync)
            .DisableRateLimiting()
            .ServePublicly()
            .WithTags("Interactions");
        return app;
    }
}
