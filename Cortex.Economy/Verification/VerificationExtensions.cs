using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Events.Consuming;
using Cortex.Events.Contract;
using Cortex.ServiceDefaults.DiscordRest;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Verification;

public static class VerificationExtensions
{
    /// <summary>The verification button (from the interactions stream) and the /verify page that grants the role.</summary>
    public static IHostApplicationBuilder AddEconomyVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VerificationOptions>, VerificationOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddCortexDiscordRest(builder.Configuration);
        builder.Services.AddSingleton<VerificationLinks>();
        builder.Services.AddSingleton<VerificationNonces>();
        builder.Services.AddSingleton<VerificationSetup>();
        builder.Services.AddEventConsumer(VerificationInteractionHandler.Group)
            .On<Interaction, VerificationInteractionHandler>(DiscordEvents.InteractionCreate);
        builder.Services.AddEventReaders();
        return builder;
    }
}
