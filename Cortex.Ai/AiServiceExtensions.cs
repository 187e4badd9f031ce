using Cortex.Ai.Budgets;
using Cortex.Ai.Chat;
using Cortex.Ai.Context;
using Cortex.Ai.Discord;
using Cortex.Ai.Guilds;
using Cortex.Ai.History;
using Cortex.Ai.Memory;
using Cortex.Ai.Model;
using Cortex.Ai.Streams;
using Cortex.Ai.Tokens;
using Cortex.Discord.Rest;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cortex.Ai;

/// <summary>The AI worker's capabilities, registered once from Program.cs.</summary>
public static class AiServiceExtensions
{
    /// <summary>Everything but the stream consumers: what a test or another host needs to run a chat.</summary>
    public static IServiceCollection AddAiCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AiMetrics>();
        services.AddMetrics();

        services.AddOptions<AiDefaultsOptions>().Bind(configuration.GetSection(AiDefaultsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HistoryOptions>().Bind(configuration.GetSection(HistoryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ContextOptions>().Bind(configuration.GetSection(ContextOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MemoryOptions>().Bind(configuration.GetSection(MemoryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OpenAiOptions>().Bind(configuration.GetSection(OpenAiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AiStreamOptions>().Bind(configuration.GetSection(AiStreamOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<AiDefaultsOptions>>().Value.RedisKeyPrefix));
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<GuildTokenQuota>();
        services.AddSingleton<GuildConfigChanges>();
        services.AddSingleton<GuildSettingsStore>();
        services.AddSingleton<GuildSettingsCommand>();
        services.AddSingleton<Tokenizers>();
        services.AddSingleton<ChannelHistory>();
        services.AddSingleton<ContextAssembler>();
        services.AddSingleton<MemoryStore>();
        services.AddSingleton<MemoryExtractor>();
        services.AddSingleton<MemoryExtractionJobs>();
        services.AddSingleton<ModelResilience>();
        services.AddSingleton<OpenAiChatModel>();
        services.AddSingleton<IChatModel>(sp => sp.GetRequiredService<OpenAiChatModel>());
        services.AddSingleton<IModerationModel>(sp => sp.GetRequiredService<OpenAiChatModel>());
        services.AddSingleton<EventGate>();
        services.AddSingleton<ChatEngine>();
        services.AddSingleton<MessageHandler>();
        services.AddSingleton<InteractionHandler>();

        // Every Discord call goes through the shared client: its buckets and global limit cover this worker too.
        services.AddDiscordRest(configuration);
        services.AddSingleton<RestDiscordReplies>();
        services.AddSingleton<IDiscordReplies>(sp => sp.GetRequiredService<RestDiscordReplies>());
        services.AddSingleton<IDiscordDirectory>(sp => sp.GetRequiredService<RestDiscordReplies>());
        return services;
    }

    /// <summary>The worker: chat and memory from the gateway's streams.</summary>
    public static IHostApplicationBuilder AddAi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAiCore(builder.Configuration);
        builder.Services.AddHostedService<TokenizerWarmup>();
        builder.Services.AddHostedService<GuildConfigListener>();
        builder.Services.AddHostedService<MessageEventConsumer>();
        builder.Services.AddHostedService<InteractionEventConsumer>();
        builder.Services.AddHostedService<MemoryExtractionWorker>();
        return builder;
    }
}
