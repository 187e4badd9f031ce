using Cortex.Discord.Models;

namespace Cortex.Emulator.Rest;

/// <summary>
/// The REST side's state of the fake Discord: users, guilds, channels, roles, members, messages, bans,
/// application commands and interactions, behind one lock. Every change raises its dispatch through
/// <see cref="EmulatorDispatches"/>. Seeded with a development guild (<see cref="Seed"/>) so the chat
/// page and tests have somewhere to talk.
/// </summary>
public sealed partial class DiscordState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly EmulatorDispatches _dispatches;
    private readonly TimeSpan _initialResponseWindow;
    private long _lastId;

    private readonly Dictionary<ulong, User> _users = [];
    private readonly Dictionary<ulong, StateGuild> _guilds = [];
    private readonly Dictionary<ulong, Channel> _channels = [];
    private readonly Dictionary<(ulong Guild, ulong User), StateMember> _members = [];
    private readonly Dictionary<ulong, StateMessage> _messages = [];
    private readonly HashSet<(ulong Guild, ulong User)> _bans = [];
    private readonly Dictionary<ulong, IReadOnlyList<ApplicationCommand>> _guildCommands = [];
    private IReadOnlyList<ApplicationCommand> _globalCommands = [];
    private readonly Dictionary<string, StateInteraction> _interactionsByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, StateInteraction> _interactions = [];

    public DiscordState(TimeProvider time, EmulatorDispatches dispatches, Microsoft.Extensions.Options.IOptions<RestEmulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _initialResponseWindow = TimeSpan.FromMilliseconds(options.Value.InitialResponseWindowMilliseconds);
        _dispatches = dispatches;
        ApplicationId = NextId();
        Bot = AddUser("Cortex", bot: true, id: ApplicationId);
        Seed = SeedDevelopmentGuild();
    }

    /// <summary>The bot's application; its id is also the bot user's id, as for modern Discord apps.</summary>
    public ulong ApplicationId { get; }

    public User Bot { get; }

    /// <summary>The ids of the seeded world, for the chat page and tests.</summary>
    public SeedWorld Seed { get; }

    public ulong NextId()
    {
        var candidate = (_time.GetUtcNow().ToUnixTimeMilliseconds() - Snowflake.DiscordEpochMilliseconds) << 22;
        while (true)
        {
            var last = Interlocked.Read(ref _lastId);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _lastId, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }

    private SeedWorld SeedDevelopmentGuild()
    {
        var owner = AddUser("owner");
        var ada = AddUser("ada");
        var grace = AddUser("grace");
        var linus = AddUser("linus");

        var guild = AddGuild("Cortex Dev", owner.Id);
        var moderator = AddRole(guild, "Moderator", Permissions.ModerateMembers | Permissions.ManageMessages, position: 1);
        var botRole = AddRole(guild, "Cortex", Permissions.ModerateMembers | Permissions.BanMembers | Permissions.ManageMessages, position: 2);
        var general = AddChannel(guild, "general");
        var commands = AddChannel(guild, "bot-commands");
        AddMember(guild, Bot.Id, [botRole.Id]);
        AddMember(guild, owner.Id, []);
        AddMember(guild, ada.Id, []);
        AddMember(guild, grace.Id, [moderator.Id]);
        AddMember(guild, linus.Id, []);

        // A guild where the bot has no moderation permission: every moderation call there is a 403.
        var locked = AddGuild("Locked Guild", owner.Id);
        var lockedChannel = AddChannel(locked, "general");
        AddMember(locked, Bot.Id, []);
        AddMember(locked, owner.Id, []);
        AddMember(locked, ada.Id, []);

        return new SeedWorld(guild, general.Id, commands.Id, locked, lockedChannel.Id, owner.Id, ada.Id, grace.Id, linus.Id, moderator.Id, botRole.Id);
    }

    public User AddUser(string username, bool bot = false, ulong? id = null)
    {
        lock (_lock)
        {
            var user = new User { Id = id ?? NextId(), Username = username, GlobalName = bot ? null : char.ToUpperInvariant(username[0]) + username[1..], Bot = bot ? true : null };
            _users[user.Id] = user;
            return user;
        }
    }

    public ulong AddGuild(string name, ulong ownerId)
    {
        lock (_lock)
        {
            var id = NextId();
            var guild = new StateGuild(id, name, ownerId);
            guild.Roles.Add(new Role { Id = id, Name = "@everyone", Permissions = Permissions.Everyone.ToString(System.Globalization.CultureInfo.InvariantCulture), Position = 0 });
            _guilds[id] = guild;
            return id;
        }
    }

    public Role AddRole(ulong guildId, string name, ulong permissions, int position)
    {
        lock (_lock)
        {
            var role = new Role { Id = NextId(), Name = name, Permissions = permissions.ToString(System.Globalization.CultureInfo.InvariantCulture), Position = position };
            RequireGuild(guildId).Roles.Add(role);
            return role;
        }
    }

    public Channel AddChannel(ulong guildId, string name)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            var channel = new Channel { Id = NextId(), GuildId = guildId, Name = name, Type = ChannelType.GuildText, Position = _channels.Values.Count(c => c.GuildId == guildId) };
            _channels[channel.Id] = channel;
            return channel;
        }
    }

    public void AddMember(ulong guildId, ulong userId, IReadOnlyList<ulong> roles)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            RequireUser(userId);
            _members[(guildId, userId)] = new StateMember(guildId, userId, [.. roles], _time.GetUtcNow());
        }
    }

    private StateGuild RequireGuild(ulong guildId) => _guilds.GetValueOrDefault(guildId) ?? throw RestException.UnknownGuild();

    private User RequireUser(ulong userId) => _users.GetValueOrDefault(userId) ?? throw RestException.UnknownUser();

    private Channel RequireChannel(ulong channelId) => _channels.GetValueOrDefault(channelId) ?? throw RestException.UnknownChannel();

    private StateMember RequireMember(ulong guildId, ulong userId) =>
        _members.GetValueOrDefault((guildId, userId)) ?? throw RestException.UnknownMember();

    private void Raise(string type, ulong? guildId, byte[] data, ulong? visibleTo = null) =>
        _dispatches.Raise(new EmulatorDispatch(type, guildId, data, visibleTo));
}

public sealed record SeedWorld(
    ulong GuildId, ulong GeneralChannelId, ulong CommandsChannelId, ulong LockedGuildId, ulong LockedChannelId,
    ulong OwnerId, ulong AdaId, ulong GraceId, ulong LinusId, ulong ModeratorRoleId, ulong BotRoleId);

internal sealed record StateGuild(ulong Id, string Name, ulong OwnerId)
{
    public List<Role> Roles { get; } = [];
}

internal sealed class StateMember(ulong guildId, ulong userId, List<ulong> roles, DateTimeOffset joinedAt)
{
    public ulong GuildId { get; } = guildId;
    public ulong UserId { get; } = userId;
    public List<ulong> Roles { get; } = roles;
    public DateTimeOffset JoinedAt { get; } = joinedAt;
    public DateTimeOffset? CommunicationDisabledUntil { get; set; }
}

internal sealed class StateMessage
{
    public required Message Message { get; set; }

    /// <summary>Set on ephemeral messages: the only user who sees them.</summary>
    public ulong? VisibleTo { get; init; }
}

internal sealed class StateInteraction
{
    public required Interaction Interaction { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public bool Acknowledged { get; set; }
    public bool Deferred { get; set; }
    public bool Ephemeral { get; set; }
    public ulong? OriginalMessageId { get; set; }
}
