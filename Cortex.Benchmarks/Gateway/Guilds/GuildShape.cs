namespace Cortex.Benchmarks.Gateway.Guilds;

/// <summary>
/// How big a generated GUILD_CREATE is. A guild above Discord's <c>large_threshold</c> (250 at most) sends
/// only part of its members (those online or in voice) with their presences, so <see cref="ListedMembers"/>
/// is what the payload carries and <see cref="MemberCount"/> the guild's size.
/// </summary>
internal sealed record GuildShape(string Name, int MemberCount, int ListedMembers, int Roles, int Channels, int Emojis, int Threads, int VoiceStates)
{
    /// <summary>A mid-size community server: ~1,200 members, 250 of them listed and present, 60 channels, 40 roles.</summary>
    public static readonly GuildShape Mid = new("guild-mid", 1_200, 250, 40, 60, 50, 10, 12);

    /// <summary>A large server at Discord's caps: 500 channels, 250 roles, 1,000 listed members of 150,000.</summary>
    public static readonly GuildShape Large = new("guild-large", 150_000, 1_000, 250, 500, 250, 50, 80);
}
