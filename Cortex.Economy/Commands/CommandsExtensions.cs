using Cortex.Economy.Xp;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Commands;

public static class CommandsExtensions
{
    public const string RestBaseAddressKey = "Discord:RestBaseAddress";

    /// <summary>Slash commands from the interactions stream, answered through Discord REST; XP from the messages stream.</summary>
    public static IHostApplicationBuilder AddEconomyCommands(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<InteractionConsumerOptions>().BindConfiguration(InteractionConsumerOptions.Section);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<InteractionConsumerOptions>>().Value);
        services.AddOptions<MessageXpConsumerOptions>().BindConfiguration(MessageXpConsumerOptions.Section);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<MessageXpConsumerOptions>>().Value);
        services.AddSingleton<EconomyCommandHandler>();

        var restBaseAddress = builder.Configuration[RestBaseAddressKey] ?? "https://discord.com/api/v10/";
        if (!Uri.TryCreate(restBaseAddress, UriKind.Absolute, out var baseAddress) || !restBaseAddress.EndsWith('/'))
        {
            throw new InvalidOperationException($"{RestBaseAddressKey} must be an absolute URL ending in '/', e.g. https://discord.com/api/v10/ (got '{restBaseAddress}').");
        }

        services.AddHttpClient<IInteractionResponder, HttpInteractionResponder>(http => http.BaseAddress = baseAddress);
        services.AddHostedService<InteractionConsumer>();
        services.AddHostedService<MessageXpConsumer>();
        return builder;
    }
}
