using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// What the gateway's control API and tests call to build and change the emulator's one world
/// (<see cref="DiscordState"/>, which holds it): this class holds no state of its own, so a guild made here is the guild REST calls and the chat page act on,
/// and a message posted on the chat page or over REST reaches the gateway's shards. Every change raises
/// its dispatch on <see cref="EmulatorDispatches"/>; the gateway turns those into op 0 frames on the
/// shard that owns the guild.
/// </summary>
public sealed class WorldControl(DiscordState state)
{
    /// <summary>The store behind this view.</summary>
    public DiscordState State { get; } = state;

    /// <summary>The bot the emulator's token belongs to; it is a member of every guild it creates.</summary>
    public WorldUser BotUser => DiscordState.ToWorld(State.Bot);

    /// <summary>Runs <paramref name="action"/> with no change (and no dispatch) happening meanwhile; re-entrant.</summary>
    public void Atomically(Action action) => State.Atomically(action);

    /// <summary>Creates a user.</summary>
    public WorldUser CreateUser(string username, string? globalName = null, bool bot = false) =>
        DiscordState.ToWorld(State.AddUser(username, bot, globalName: globalName ?? username));

    /// <summary>Creates a guild with <c>@everyone</c> and <c>#general</c>; the bot and the owner are members. Raises GUILD_CREATE.</summary>
    public WorldGuild CreateGuild(string name, Snowflake? ownerId = null) => Wrap(() => State.FindGuild(State.CreateGuild(name, ownerId))!);

    /// <summary>Creates a channel in a guild. Raises CHANNEL_CREATE.</summary>
    public WorldChannel CreateChannel(Snowflake guildId, string name, int type = WorldChannel.GuildText, Snowflake? parentId = null) =>
        Wrap(() => DiscordState.ToWorld(State.AddChannel(guildId, name, (ChannelType)type, parentId)));

    /// <summary>The DM channel between the bot and a user, created on first use.</summary>
    public WorldChannel GetOrCreateDmChannel(Snowflake userId) => Wrap(() => DiscordState.ToWorld(State.GetOrCreateDmChannel(userId)));

    /// <summary>
    /// Creates a role (on top unless <paramref name="position"/> says where); <paramref name="managed"/> makes it an
    /// integration's role, as a bot's own or the booster role. Raises GUILD_ROLE_CREATE.
    /// </summary>
    public WorldRole CreateRole(Snowflake guildId, string name, ulong permissions = 0, int color = 0, int? position = null, bool managed = false) =>
        Wrap(() => DiscordState.ToWorld(guildId, State.AddRole(guildId, name, (DiscordPermissions)permissions, position, color, managed)));

    /// <summary>Adds a user to a guild (or returns the existing membership). Raises GUILD_MEMBER_ADD.</summary>
    public WorldMember AddMember(Snowflake guildId, Snowflake userId, IReadOnlyList<ulong>? roleIds = null) => Wrap(() =>
    {
        State.AddMember(guildId, userId, roleIds ?? []);
        return State.FindMember(guildId, userId)!;
    });

    /// <summary>A user posts a message (members of the guild only). Raises MESSAGE_CREATE.</summary>
    public WorldMessage CreateMessage(Snowflake channelId, Snowflake authorId, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Wrap(() => DiscordState.ToWorld(State.CreateMessage(channelId, authorId, new CreateMessageRequest { Content = content })));
    }

    public WorldGuild? GetGuild(Snowflake guildId) => State.FindGuild(guildId);

    /// <summary>Every guild, oldest first.</summary>
    public IReadOnlyList<WorldGuild> GetGuilds() => State.GetGuilds();

    public WorldUser? GetUser(Snowflake userId) => State.FindUser(userId) is { } user ? DiscordState.ToWorld(user) : null;

    public WorldChannel? GetChannel(Snowflake channelId) => State.FindChannel(channelId) is { } channel ? DiscordState.ToWorld(channel) : null;

    /// <summary>The channels of a guild, by position.</summary>
    public IReadOnlyList<WorldChannel> GetChannels(Snowflake guildId) => [.. State.GetChannels(guildId).Select(DiscordState.ToWorld)];

    public IReadOnlyList<WorldRole> GetRoles(Snowflake guildId) => State.GetRoles(guildId);

    public WorldMember? GetMember(Snowflake guildId, Snowflake userId) => State.FindMember(guildId, userId);

    public IReadOnlyList<WorldMember> GetMembers(Snowflake guildId) => State.GetMembers(guildId);

    /// <summary>The newest <paramref name="limit"/> messages of a channel, newest first (ephemeral ones left out).</summary>
    public IReadOnlyList<WorldMessage> GetMessages(Snowflake channelId, int limit = 50) =>
        [.. State.GetMessages(channelId, viewerId: null, limit).Select(DiscordState.ToWorld)];

    /// <summary>The GUILD_CREATE <c>d</c> of a guild as it is now.</summary>
    public byte[] GuildCreateJson(Snowflake guildId) => Wrap(() => State.GuildCreateJson(guildId));

    // The world's callers (control API, tests) know WorldException; the REST side's refusals become it here.
    private static T Wrap<T>(Func<T> change)
    {
        try
        {
            return change();
        }
        catch (RestException error)
        {
            throw new WorldException(error.Message, error);
        }
    }
}

/// <summary>A change the world refuses: an unknown id or a broken rule. The message says which.</summary>
public sealed class WorldException : InvalidOperationException
{
    public WorldException()
    {
    }

    public WorldException(string message)
        : base(message)
    {
    }

    public WorldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
