using Cortex.Discord.Rest;
using Cortex.Economy.Xp;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Commands;

public static class CommandsExtensions
{
    /// <summary>Slash commands from the interactions stream, answered through Discord REST; XP from the messages stream.</summary>
    public static IHostApplicationBuilder AddEconomyCommands(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<InteractionConsumerOptions>().BindConfiguration(InteractionConsumerOptions.Section);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<InteractionConsumerOptions>>().Value);
        services.AddOptions<MessageXpConsumerOptions>().BindConfiguration(MessageXpConsumerOptions.Section);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<MessageXpConsumerOptions>>().Value);
        services.AddSingleton<EconomyCommandHandler>();

        // Every Discord call goes through the shared client: its buckets and global limit cover this service too.
        services.AddDiscordRest(builder.Configuration);
        services.AddSingleton<IInteractionResponder, RestInteractionResponder>();
        services.AddHostedService<InteractionConsumer>();
        services.AddHostedService<MessageXpConsumer>();
        return builder;
    }
}
