using Cortex.Ai.Moderation.Agent;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Commands;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Http;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Cortex.Ai.Moderation.Rules;
using Cortex.Ai.Moderation.Scoring;
using Cortex.Commands.Handlers;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Events.Consuming;
using Cortex.Events.Contract;
using Cortex.ServiceDefaults.DiscordRest;

namespace Cortex.Ai.Moderation;

public static class ModerationServiceExtensions
{
    /// <summary>The pipeline's services without the background workers (what tests and other hosts need).</summary>
    public static IServiceCollection AddModerationCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModerationOptions>().Bind(configuration.GetSection(ModerationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddCortexDiscordRest(configuration);
        services.AddMetrics();
        services.AddSingleton<ModerationMetrics>();
        services.AddSingleton<ModerationConfigStore>();
        services.AddSingleton<RuleEngine>();
        services.AddSingleton<ModerationClassifier>();
        services.AddSingleton<ContextAgent>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<CaseStore>();
        services.AddSingleton<DiscordEnforcer>();
        services.AddSingleton<ModerationReviews>();
        services.AddSingleton<PolicyEngine>();
        services.AddSingleton<DeepStageBacklog>();
        services.AddSingleton<UnscreenedMessages>();
        services.AddSingleton<ModerationPipeline>();
        services.AddSlashCommandHandlers<IModerationCommand>();
        services.AddSingleton<ModerationCommands>();
        services.AddEventConsumer(ModerationMessageHandler.Group, AiServiceExtensions.StreamDefaults)
            .On<Message, ModerationMessageHandler>(DiscordEvents.MessageCreate)
            .On<Interaction, ModerationInteractionHandler>(DiscordEvents.InteractionCreate);
        return services;
    }

    /// <summary>Moderation of the gateway's messages: stage 1 on the stream, stages 2–3 in the background, /review and /appeal.</summary>
    public static IHostApplicationBuilder AddModeration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddModerationCore(builder.Configuration);
        builder.Services.AddOpenApi();
        // The API speaks snake_case: the OpenAPI document and any body the framework binds say so too.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ModerationConfigBody.Resolver);
        });
        builder.Services.AddEventReaders();
        builder.Services.AddSingleton<DeepStageWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeepStageWorker>());
        return builder;
    }

    /// <summary>The moderation API and its OpenAPI document at /openapi/v1.json.</summary>
    public static IEndpointRouteBuilder MapModeration(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        return app.MapModerationApi();
    }
}
