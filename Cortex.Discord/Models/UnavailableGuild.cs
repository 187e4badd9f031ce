namespace Cortex.Discord.Models;

/// <summary>
/// Discord's unavailable guild object: GUILD_DELETE's payload. <see cref="Unavailable"/> true means an outage (the
/// guild comes back with GUILD_CREATE); absent or false means the bot was removed from the guild.
/// </summary>
public sealed record UnavailableGuild
{
    public required Snowflake Id { get; init; }

    public bool? Unavailable { get; init; }

    /// <summary>True when the bot left or was removed, not when the guild is only unreachable for a while.</summary>
    public bool Removed => Unavailable != true;
}
