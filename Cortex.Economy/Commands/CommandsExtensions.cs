using Cortex.Commands.Handlers;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Economy.Xp;
using Cortex.Events.Consuming;
using Cortex.Events.Contract;
using Cortex.ServiceDefaults.DiscordRest;

namespace Cortex.Economy.Commands;

public static class CommandsExtensions
{
    /// <summary>The economy's consumer group on the event backbone.</summary>
    public const string Group = "economy";

    /// <summary>Slash commands from the interactions stream, answered through Discord REST; XP from the messages stream.</summary>
    public static IHostApplicationBuilder AddEconomyCommands(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddEconomySlashCommands();

        // Every Discord call goes through the shared client: its buckets and global limit cover this service too.
        services.AddCortexDiscordRest(builder.Configuration);
        services.AddSingleton<IInteractionResponder, RestInteractionResponder>();
        services.AddEventConsumer(Group)
            .On<Interaction, CommandInteractionHandler>(DiscordEvents.InteractionCreate)
            .On<Message, MessageXpHandler>(DiscordEvents.MessageCreate);
        services.AddEventReaders();
        return builder;
    }

    /// <summary>Every <see cref="IEconomyCommand"/> in this assembly, found by its name, and the handler that checks the caller first.</summary>
    public static IServiceCollection AddEconomySlashCommands(this IServiceCollection services)
    {
        services.AddSlashCommandHandlers<IEconomyCommand>();
        services.AddSingleton<EconomyCommandHandler>();
        return services;
    }
}
