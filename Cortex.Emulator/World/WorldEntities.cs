using Cortex.Discord.Models;

namespace Cortex.Emulator.World;

/// <summary>A user of the fake Discord (a person or a bot).</summary>
public sealed record WorldUser(Snowflake Id, string Username, string? GlobalName, bool Bot);

/// <summary>A guild (server). Its <c>@everyone</c> role has the guild's id, as on Discord.</summary>
public sealed record WorldGuild(Snowflake Id, string Name, Snowflake OwnerId);

/// <summary>A channel: text (type 0) or category (4) in a guild, or a DM (type 1, no guild).</summary>
public sealed record WorldChannel(Snowflake Id, Snowflake? GuildId, int Type, string Name, int Position, Snowflake? ParentId = null)
{
    /// <summary>Discord's GUILD_TEXT channel type.</summary>
    public const int GuildText = 0;

    /// <summary>Discord's DM channel type.</summary>
    public const int DirectMessage = 1;
}

/// <summary>A role of a guild; <see cref="Permissions"/> is Discord's permission bit set.</summary>
public sealed record WorldRole(Snowflake Id, Snowflake GuildId, string Name, ulong Permissions, int Position, int Color = 0, bool Managed = false);

/// <summary>A user's membership of a guild.</summary>
public sealed record WorldMember(Snowflake GuildId, Snowflake UserId, string? Nick, IReadOnlyList<ulong> RoleIds, DateTimeOffset JoinedAt);

/// <summary>A message in a channel.</summary>
public sealed record WorldMessage(Snowflake Id, Snowflake ChannelId, Snowflake? GuildId, Snowflake AuthorId, string Content, DateTimeOffset Timestamp);
