using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator;

/// <summary>
/// The one class bound from the <c>Emulator</c> section: the credentials the emulated APIs accept. The gateway,
/// REST and OpenAI parts each have their own sub-section (<c>Emulator:Gateway</c>, <c>Emulator:Rest</c>, ...).
/// </summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>The only bot token the gateway (IDENTIFY, RESUME) and the REST API accept (<c>Emulator:BotToken</c>).</summary>
    public string BotToken { get; set; } = "";

    /// <summary>The only bearer key accepted on <c>/v1</c> (<c>Emulator:OpenAiKey</c>); required when the OpenAI API is served.</summary>
    public string OpenAiKey { get; set; } = "";

    /// <summary>Latency added to every OpenAI call from start (<c>Emulator:OpenAiLatencyMilliseconds</c>).</summary>
    public int OpenAiLatencyMilliseconds { get; set; }

    /// <summary>Binds the section once and checks the bot token at start; every part of the emulator calls it.</summary>
    internal static void Register(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(descriptor => descriptor.ImplementationType == typeof(BotTokenRequired)))
        {
            return;
        }

        services.AddOptions<EmulatorOptions>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmulatorOptions>, BotTokenRequired>());
    }

    private sealed class BotTokenRequired : IValidateOptions<EmulatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, EmulatorOptions options) =>
            string.IsNullOrWhiteSpace(options.BotToken)
                ? ValidateOptionsResult.Fail("Emulator:BotToken must be set: it is the bot token the emulator accepts.")
                : ValidateOptionsResult.Success;
    }
}
