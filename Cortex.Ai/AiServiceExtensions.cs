using Cortex.Ai.Budgets;
using Cortex.Ai.Chat;
using Cortex.Ai.Context;
using Cortex.Ai.Guilds;
using Cortex.Ai.History;
using Cortex.Ai.Llm;
using Cortex.Ai.Memory;
using Cortex.Ai.Replies;
using Cortex.Ai.Tokens;
using Cortex.Commands.Handlers;
using Cortex.Discord;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Events.Consuming;
using Cortex.Events.Contract;
using Cortex.ServiceDefaults.DiscordRest;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cortex.Ai;

/// <summary>The AI worker's capabilities, registered once from Program.cs.</summary>
public static class AiServiceExtensions
{
    /// <summary>The AI worker's consumer group on the event backbone: each event goes to one of its replicas.</summary>
    public const string Group = "cortex-ai";

    /// <summary>
    /// Chat and moderation handlers wait on the model for seconds: a batch is handled at once, and an entry is presumed
    /// abandoned only well after the model's total timeout (<c>Events:Consumers:{group}:*</c> overrides these).
    /// </summary>
    public static void StreamDefaults(EventConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BatchSize = 16;
        options.MaxConcurrency = 16;
        options.ClaimIdle = TimeSpan.FromSeconds(150);
        options.ClaimInterval = TimeSpan.FromSeconds(15);
        options.IdlePoll = TimeSpan.FromMilliseconds(200);
    }

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
        services.AddDiscordOptions(configuration);

        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<AiDefaultsOptions>>().Value.RedisKeyPrefix));
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<GuildTokenQuota>();
        services.AddSingleton<GuildConfigChanges>();
        services.AddSingleton<GuildSettingsStore>();
        services.AddSlashCommandHandlers<IAiCommand>();
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
        services.AddSingleton<ChatEngine>();
        services.AddEventConsumer(Group, StreamDefaults)
            .On<Message, MessageHandler>(DiscordEvents.MessageCreate)
            .On<Interaction, InteractionHandler>(DiscordEvents.InteractionCreate)
            .On<UnavailableGuild, GuildRemovedHandler>(DiscordEvents.GuildDelete);

        // Every Discord call goes through the shared client: its buckets and global limit cover this worker too.
        services.AddCortexDiscordRest(configuration);
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
        builder.Services.AddEventReaders();
        builder.Services.AddHostedService<MemoryExtractionWorker>();
        return builder;
    }
}
