using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Sharding;

/// <summary>The bot token and the REST base address (Discord, or the emulator), bound from <c>Discord</c>.</summary>
internal sealed class DiscordOptions
{
    public const string Section = "Discord";

    public string Token { get; set; } = string.Empty;

    public Uri RestBaseAddress { get; set; } = new("https://discord.com/api/v10/");
}

internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            return ValidateOptionsResult.Fail("Discord:Token must be set (the AppHost passes the emulator's token when no real one is configured).");
        }

        if (!options.RestBaseAddress.IsAbsoluteUri || !options.RestBaseAddress.AbsolutePath.EndsWith('/'))
        {
            return ValidateOptionsResult.Fail($"Discord:RestBaseAddress '{options.RestBaseAddress}' must be absolute and end with '/'.");
        }

        return ValidateOptionsResult.Success;
    }
}
