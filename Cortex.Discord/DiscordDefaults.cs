namespace Cortex.Discord;

/// <summary>Constants of Discord's API that every part of Cortex agrees on.</summary>
public static class DiscordDefaults
{
    /// <summary>The gateway and REST API version Cortex speaks.</summary>
    public const int ApiVersion = 10;

    /// <summary>Discord's production REST base, used when no emulator is configured.</summary>
    public static readonly Uri RestBaseAddress = new("https://discord.com/api/v10/");
}
