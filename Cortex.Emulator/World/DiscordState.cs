using System.Globalization;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.World;

/// <summary>
/// The emulator's one world: users, guilds, channels, roles, members, messages, bans, timeouts,
/// application commands and interactions, behind one lock. The gateway (through the
/// <see cref="WorldControl"/> view), the REST API, the control API and the chat page all change this
/// state, and every change raises its dispatch through <see cref="EmulatorDispatches"/> under the lock,
/// so the gateway's shards and the chat page see changes in the order they happened. Seeded with
/// development guilds (<see cref="Seed"/>) unless <c>Emulator:World:SeedDevelopmentGuilds</c> is false.
/// </summary>
public sealed partial class DiscordState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly EmulatorDispatches _dispatches;
    private readonly TimeSpan _initialResponseWindow;
    private long _lastId;

    private readonly Dictionary<Snowflake, User> _users = [];
    private readonly Dictionary<Snowflake, StateGuild> _guilds = [];
    private readonly Dictionary<Snowflake, Channel> _channels = [];
    private readonly Dictionary<(Snowflake Guild, Snowflake User), StateMember> _members = [];
    private readonly Dictionary<Snowflake, StateMessage> _messages = [];
    private readonly HashSet<(Snowflake Guild, Snowflake User)> _bans = [];
    private readonly Dictionary<Snowflake, IReadOnlyList<ApplicationCommand>> _guildCommands = [];
    private IReadOnlyList<ApplicationCommand> _globalCommands = [];
    private readonly Dictionary<string, StateInteraction> _interactionsByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<Snowflake, StateInteraction> _interactions = [];

    public DiscordState(TimeProvider time, EmulatorDispatches dispatches, IOptions<RestEmulatorOptions> options, IOptions<EmulatorWorldOptions> world)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(world);
        _time = time;
        _initialResponseWindow = TimeSpan.FromMilliseconds(options.Value.InitialResponseWindowMilliseconds);
        _dispatches = dispatches;
        ApplicationId = NextId();
        Bot = AddUser("Cortex", bot: true, id: ApplicationId);
        Seed = world.Value.SeedDevelopmentGuilds ? SeedDevelopmentGuilds() : null;
    }

    /// <summary>The bot's application; its id is also the bot user's id, as for modern Discord apps.</summary>
    public Snowflake ApplicationId { get; }

    public User Bot { get; }

    /// <summary>The ids of the seeded world, for the chat page and tests; null when seeding is off.</summary>
    public SeedWorld? Seed { get; }

    public Snowflake NextId()
    {
        var candidate = (_time.GetUtcNow().ToUnixTimeMilliseconds() - Snowflake.DiscordEpochMilliseconds) << 22;
        while (true)
        {
            var last = Interlocked.Read(ref _lastId);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _lastId, next, last) == last)
            {
                return new Snowflake((ulong)next);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> under the world's lock: no change (and no dispatch) happens
    /// meanwhile. The gateway sends READY and the GUILD_CREATEs and starts receiving live dispatches as
    /// one step with it. The lock is re-entrant, so the action may read the world.
    /// </summary>
    public void Atomically(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_lock)
        {
            action();
        }
    }

    private SeedWorld SeedDevelopmentGuilds()
    {
        var owner = AddUser("owner");
        var ada = AddUser("ada");
        var grace = AddUser("grace");
        var linus = AddUser("linus");

        var guild = CreateGuild("Cortex Dev", owner.Id);
        var moderator = AddRole(guild, "Moderator", DiscordPermissions.ModerateMembers | DiscordPermissions.ManageMessages, position: 1);
        var botRole = AddRole(guild, "Cortex", DiscordPermissions.ModerateMembers | DiscordPermissions.KickMembers | DiscordPermissions.BanMembers | DiscordPermissions.ManageMessages
            | DiscordPermissions.ManageRoles | DiscordPermissions.ViewAuditLog, position: 2, managed: true);
        var general = GetChannels(guild)[0];
        var commands = AddChannel(guild, "bot-commands");
        AddMember(guild, Bot.Id, [botRole.Id]);
        AddMember(guild, ada.Id, []);
        AddMember(guild, grace.Id, [moderator.Id]);
        AddMember(guild, linus.Id, []);

        // A guild where the bot has no moderation permission: every moderation call there is a 403.
        var locked = CreateGuild("Locked Guild", owner.Id);
        var lockedChannel = GetChannels(locked)[0];
        AddMember(locked, ada.Id, []);

        return new SeedWorld(guild, general.Id, commands.Id, locked, lockedChannel.Id, owner.Id, ada.Id, grace.Id, linus.Id, moderator.Id, botRole.Id);
    }

    /// <summary>Creates a user; a person's global name defaults to the capitalised username.</summary>
    public User AddUser(string username, bool bot = false, Snowflake? id = null, string? globalName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        lock (_lock)
        {
            var user = new User
            {
                Id = id ?? NextId(),
                Username = username,
                GlobalName = globalName ?? (bot ? null : char.ToUpperInvariant(username[0]) + username[1..]),
                Bot = bot ? true : null,
            };
            _users[user.Id] = user;
            return user;
        }
    }

    /// <summary>
    /// Creates a guild owned by <paramref name="ownerId"/> (the bot when null) with an <c>@everyone</c>
    /// role and a <c>#general</c> channel; the bot and the owner are members. Raises GUILD_CREATE.
    /// </summary>
    public Snowflake CreateGuild(string name, Snowflake? ownerId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_lock)
        {
            var owner = ownerId ?? Bot.Id;
            RequireUser(owner);
            var id = NextId();
            var guild = new StateGuild(id, name, owner);
            guild.Roles.Add(new Role { Id = id, Name = "@everyone", Permissions = Cortex.Discord.Permissions.PermissionBits.Format(EveryoneDefaults), Position = 0 });
            _guilds[id] = guild;
            var general = new Channel { Id = NextId(), GuildId = id, Name = "general", Type = ChannelType.GuildText, Position = 0 };
            _channels[general.Id] = general;
            var now = _time.GetUtcNow();
            _members[(id, Bot.Id)] = new StateMember(id, Bot.Id, [], now);
            _members[(id, owner)] = new StateMember(id, owner, [], now);
            Raise("GUILD_CREATE", id, GuildCreateJsonLocked(id));
            return id;
        }
    }

    /// <summary>Creates a role. Raises GUILD_ROLE_CREATE.</summary>
    public Role AddRole(Snowflake guildId, string name, DiscordPermissions permissions, int? position = null, int color = 0, bool managed = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            var role = new Role
            {
                Id = NextId(),
                Name = name,
                Permissions = ((ulong)permissions).ToString(CultureInfo.InvariantCulture),
                Position = position ?? guild.Roles.Count,
                Color = color,
                Managed = managed,
            };
            guild.Roles.Add(role);
            Raise("GUILD_ROLE_CREATE", guildId, DiscordJson.ToBytes(w =>
            {
                w.WriteStartObject();
                w.WriteString("guild_id", DiscordJson.Id(guildId));
                w.WritePropertyName("role");
                DiscordJson.WriteRole(w, ToWorld(guildId, role));
                w.WriteEndObject();
            }));
            return role;
        }
    }

    /// <summary>Creates a channel in a guild. Raises CHANNEL_CREATE.</summary>
    public Channel AddChannel(Snowflake guildId, string name, ChannelType type = ChannelType.GuildText, Snowflake? parentId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_lock)
        {
            RequireGuild(guildId);
            var channel = new Channel
            {
                Id = NextId(),
                GuildId = guildId,
                Name = name,
                Type = type,
                Position = _channels.Values.Count(c => c.GuildId == guildId),
                ParentId = parentId,
                // Under a category a new channel starts synced to the category's overwrites, as on Discord.
                PermissionOverwrites = parentId is { } parent && _channels.TryGetValue(parent, out var category) ? category.PermissionOverwrites : null,
            };
            _channels[channel.Id] = channel;
            Raise("CHANNEL_CREATE", guildId, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(GuildChannelModel(channel), DiscordJsonContext.Default.Channel));
            return channel;
        }
    }

    /// <summary>The DM channel between the bot and a user, created on first use.</summary>
    public Channel GetOrCreateDmChannel(Snowflake userId)
    {
        lock (_lock)
        {
            RequireUser(userId);
            // A DM has no parent on Discord; here ParentId remembers the recipient.
            var existing = _channels.Values.FirstOrDefault(c => c.Type == ChannelType.DirectMessage && c.ParentId == userId);
            if (existing is not null)
            {
                return existing;
            }

            var channel = new Channel { Id = NextId(), Type = ChannelType.DirectMessage, ParentId = userId };
            _channels[channel.Id] = channel;
            return channel;
        }
    }

    /// <summary>
    /// Adds a user to a guild with <paramref name="roles"/>. Raises GUILD_MEMBER_ADD. An existing
    /// member keeps their membership and gains the roles they lack.
    /// </summary>
    public void AddMember(Snowflake guildId, Snowflake userId, IReadOnlyList<ulong> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            var user = RequireUser(userId);
            foreach (var roleId in roles)
            {
                if (guild.Roles.All(r => r.Id != roleId))
                {
                    throw new WorldException($"Role {roleId} is not a role of guild {guildId}.");
                }
            }

            if (_members.TryGetValue((guildId, userId), out var existing))
            {
                existing.Roles.AddRange(roles.Where(r => !existing.Roles.Contains(r)));
                return;
            }

            var member = new StateMember(guildId, userId, [.. roles], _time.GetUtcNow());
            _members[(guildId, userId)] = member;
            Raise("GUILD_MEMBER_ADD", guildId, DiscordJson.ToBytes(w =>
            {
                w.WriteStartObject();
                w.WriteString("guild_id", DiscordJson.Id(guildId));
                w.WritePropertyName("user");
                DiscordJson.WriteUser(w, ToWorld(user));
                w.WriteNull("nick");
                w.WriteStartArray("roles");
                foreach (var role in member.Roles)
                {
                    w.WriteStringValue(DiscordJson.Id(role));
                }

                w.WriteEndArray();
                w.WriteString("joined_at", member.JoinedAt);
                w.WriteBoolean("deaf", false);
                w.WriteBoolean("mute", false);
                w.WriteEndObject();
            }));
        }
    }

    private StateGuild RequireGuild(Snowflake guildId) => _guilds.GetValueOrDefault(guildId) ?? throw RestException.UnknownGuild();

    private User RequireUser(Snowflake userId) => _users.GetValueOrDefault(userId) ?? throw RestException.UnknownUser();

    private Channel RequireChannel(Snowflake channelId) => _channels.GetValueOrDefault(channelId) ?? throw RestException.UnknownChannel();

    private StateMember RequireMember(Snowflake guildId, Snowflake userId) =>
        _members.GetValueOrDefault((guildId, userId)) ?? throw RestException.UnknownMember();

    private void Raise(string type, Snowflake? guildId, byte[] data, Snowflake? visibleTo = null) =>
        _dispatches.Raise(new EmulatorDispatch(type, guildId, data, visibleTo));
}

/// <summary>The seeded ids; snowflakes travel as strings, as Discord's do (JavaScript numbers cannot hold them).</summary>
public sealed record SeedWorld(
    Snowflake GuildId, Snowflake GeneralChannelId, Snowflake CommandsChannelId, Snowflake LockedGuildId, Snowflake LockedChannelId,
    Snowflake OwnerId, Snowflake AdaId, Snowflake GraceId, Snowflake LinusId, Snowflake ModeratorRoleId, Snowflake BotRoleId);

internal sealed record StateGuild(Snowflake Id, string Name, Snowflake OwnerId)
{
    public List<Role> Roles { get; } = [];
}

internal sealed class StateMember(Snowflake guildId, Snowflake userId, List<ulong> roles, DateTimeOffset joinedAt)
{
    public Snowflake GuildId { get; } = guildId;
    public Snowflake UserId { get; } = userId;
    public List<ulong> Roles { get; } = roles;
    public DateTimeOffset JoinedAt { get; } = joinedAt;
    public DateTimeOffset? CommunicationDisabledUntil { get; set; }
}

internal sealed class StateMessage
{
    public required Message Message { get; set; }

    /// <summary>Set on ephemeral messages: the only user who sees them.</summary>
    public Snowflake? VisibleTo { get; init; }
}

internal sealed class StateInteraction
{
    public required Interaction Interaction { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public bool Acknowledged { get; set; }
    public bool Deferred { get; set; }
    public bool Ephemeral { get; set; }
    public Snowflake? OriginalMessageId { get; set; }

    /// <summary>For a component interaction: the message whose button was clicked (UPDATE_MESSAGE edits it).</summary>
    public Snowflake? SourceMessageId { get; init; }
}
