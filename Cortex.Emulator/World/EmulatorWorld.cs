namespace Cortex.Emulator.World;

/// <summary>
/// The state of the fake Discord: users, guilds, channels, roles, members and messages, in memory
/// (the emulator is a fake Discord, so memory is its database). Thread-safe: every method takes one
/// lock. Each change raises <see cref="Dispatched"/> with the dispatch Discord would send for it
/// (GUILD_CREATE, CHANNEL_CREATE, GUILD_ROLE_CREATE, GUILD_MEMBER_ADD, MESSAGE_CREATE), in the order
/// the changes happened; the gateway turns those into op 0 frames on the right shard.
/// </summary>
public sealed class EmulatorWorld
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<ulong, WorldUser> _users = [];
    private readonly Dictionary<ulong, WorldGuild> _guilds = [];
    private readonly Dictionary<ulong, WorldChannel> _channels = [];
    private readonly Dictionary<ulong, WorldRole> _roles = [];
    private readonly Dictionary<(ulong Guild, ulong User), WorldMember> _members = [];
    private readonly Dictionary<ulong, List<WorldMessage>> _messages = [];

    /// <summary>Creates an empty world with its bot user.</summary>
    public EmulatorWorld(TimeProvider time, string botUsername = "Cortex")
    {
        _time = time;
        Ids = new Snowflakes(time);
        BotUser = new WorldUser(Ids.Next(), botUsername, botUsername, Bot: true);
        _users[BotUser.Id] = BotUser;
    }

    /// <summary>
    /// Raised, under the world's lock, for every change as a dispatch. Handlers must be quick and
    /// must not call back into the world (the gateway only enqueues).
    /// </summary>
    public event Action<WorldDispatch>? Dispatched;

    /// <summary>The snowflake generator every id of this world comes from.</summary>
    public Snowflakes Ids { get; }

    /// <summary>The bot the emulator's token belongs to; it is a member of every guild.</summary>
    public WorldUser BotUser { get; }

    /// <summary>
    /// Runs <paramref name="action"/> under the world's lock, so no change (and no dispatch) happens
    /// meanwhile. The gateway uses it to send READY and GUILD_CREATEs and start receiving live
    /// dispatches as one step. The lock is re-entrant: the action may read the world.
    /// </summary>
    public void Atomically(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_lock)
        {
            action();
        }
    }

    /// <summary>Creates a user.</summary>
    public WorldUser CreateUser(string username, string? globalName = null, bool bot = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        lock (_lock)
        {
            var user = new WorldUser(Ids.Next(), username, globalName ?? username, bot);
            _users[user.Id] = user;
            return user;
        }
    }

    /// <summary>
    /// Creates a guild owned by <paramref name="ownerId"/> (the bot when null) with an <c>@everyone</c>
    /// role and a <c>#general</c> text channel; the bot and the owner are members. Raises GUILD_CREATE.
    /// </summary>
    public WorldGuild CreateGuild(string name, ulong? ownerId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_lock)
        {
            var owner = ownerId ?? BotUser.Id;
            RequireUser(owner);
            var guild = new WorldGuild(Ids.Next(), name, owner);
            _guilds[guild.Id] = guild;
            _roles[guild.Id] = new WorldRole(guild.Id, guild.Id, "@everyone", 1071698660929UL, 0);
            var general = new WorldChannel(Ids.Next(), guild.Id, WorldChannel.GuildText, "general", 0);
            _channels[general.Id] = general;
            var now = _time.GetUtcNow();
            _members[(guild.Id, BotUser.Id)] = new WorldMember(guild.Id, BotUser.Id, null, [], now);
            _members[(guild.Id, owner)] = new WorldMember(guild.Id, owner, null, [], now);
            Raise("GUILD_CREATE", guild.Id, GuildCreateJsonLocked(guild.Id));
            return guild;
        }
    }

    /// <summary>Creates a channel in a guild. Raises CHANNEL_CREATE.</summary>
    public WorldChannel CreateChannel(ulong guildId, string name, int type = WorldChannel.GuildText, ulong? parentId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_lock)
        {
            RequireGuild(guildId);
            var position = _channels.Values.Count(c => c.GuildId == guildId);
            var channel = new WorldChannel(Ids.Next(), guildId, type, name, position, parentId);
            _channels[channel.Id] = channel;
            Raise("CHANNEL_CREATE", guildId, DiscordJson.ToBytes(w => DiscordJson.WriteChannel(w, channel)));
            return channel;
        }
    }

    /// <summary>The DM channel between the bot and a user, created on first use.</summary>
    public WorldChannel GetOrCreateDmChannel(ulong userId)
    {
        lock (_lock)
        {
            RequireUser(userId);
            var existing = _channels.Values.FirstOrDefault(c => c.Type == WorldChannel.DirectMessage && c.ParentId == userId);
            if (existing is not null)
            {
                return existing;
            }

            // A DM has no parent on Discord; here ParentId remembers the recipient.
            var channel = new WorldChannel(Ids.Next(), null, WorldChannel.DirectMessage, string.Empty, 0, userId);
            _channels[channel.Id] = channel;
            return channel;
        }
    }

    /// <summary>Creates a role. Raises GUILD_ROLE_CREATE.</summary>
    public WorldRole CreateRole(ulong guildId, string name, ulong permissions = 0, int color = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_lock)
        {
            RequireGuild(guildId);
            var position = _roles.Values.Count(r => r.GuildId == guildId);
            var role = new WorldRole(Ids.Next(), guildId, name, permissions, position, color);
            _roles[role.Id] = role;
            Raise("GUILD_ROLE_CREATE", guildId, DiscordJson.ToBytes(w =>
            {
                w.WriteStartObject();
                w.WriteString("guild_id", DiscordJson.Id(guildId));
                w.WritePropertyName("role");
                DiscordJson.WriteRole(w, role);
                w.WriteEndObject();
            }));
            return role;
        }
    }

    /// <summary>Adds a user to a guild (or returns the existing membership). Raises GUILD_MEMBER_ADD.</summary>
    public WorldMember AddMember(ulong guildId, ulong userId, IReadOnlyList<ulong>? roleIds = null)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            var user = RequireUser(userId);
            if (_members.TryGetValue((guildId, userId), out var existing))
            {
                return existing;
            }

            foreach (var roleId in roleIds ?? [])
            {
                if (!_roles.TryGetValue(roleId, out var role) || role.GuildId != guildId)
                {
                    throw new WorldException($"Role {roleId} is not a role of guild {guildId}.");
                }
            }

            var member = new WorldMember(guildId, userId, null, roleIds ?? [], _time.GetUtcNow());
            _members[(guildId, userId)] = member;
            Raise("GUILD_MEMBER_ADD", guildId, DiscordJson.ToBytes(w =>
            {
                w.WriteStartObject();
                w.WriteString("guild_id", DiscordJson.Id(guildId));
                w.WritePropertyName("user");
                DiscordJson.WriteUser(w, user);
                w.WriteString("nick", member.Nick);
                w.WriteStartArray("roles");
                foreach (var role in member.RoleIds)
                {
                    w.WriteStringValue(DiscordJson.Id(role));
                }

                w.WriteEndArray();
                w.WriteString("joined_at", member.JoinedAt);
                w.WriteBoolean("deaf", false);
                w.WriteBoolean("mute", false);
                w.WriteEndObject();
            }));
            return member;
        }
    }

    /// <summary>
    /// Posts a message. In a guild channel the author must be a member. Raises MESSAGE_CREATE; its
    /// <see cref="MessageDispatch.WithoutContent"/> variant serves sessions without MESSAGE_CONTENT.
    /// </summary>
    public WorldMessage CreateMessage(ulong channelId, ulong authorId, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        lock (_lock)
        {
            var channel = _channels.GetValueOrDefault(channelId) ?? throw new WorldException($"Unknown channel {channelId}.");
            var author = RequireUser(authorId);
            WorldMember? member = null;
            if (channel.GuildId is { } guildId && !_members.TryGetValue((guildId, authorId), out member))
            {
                throw new WorldException($"User {authorId} is not a member of guild {guildId}.");
            }

            var message = new WorldMessage(Ids.Next(), channelId, channel.GuildId, authorId, content, _time.GetUtcNow());
            if (!_messages.TryGetValue(channelId, out var list))
            {
                _messages[channelId] = list = [];
            }

            list.Add(message);
            var full = DiscordJson.ToBytes(w => DiscordJson.WriteMessage(w, message, author, member));
            // Discord keeps content for DMs, the bot's own messages and messages that mention it.
            var keepsContent = channel.GuildId is null || authorId == BotUser.Id
                || content.Contains($"<@{BotUser.Id}>", StringComparison.Ordinal);
            var redacted = keepsContent ? full : DiscordJson.ToBytes(w => DiscordJson.WriteMessage(w, message, author, member, withContent: false));
            Dispatched?.Invoke(new MessageDispatch(channel.GuildId, full, redacted));
            return message;
        }
    }

    /// <summary>A guild, or null.</summary>
    public WorldGuild? GetGuild(ulong guildId)
    {
        lock (_lock)
        {
            return _guilds.GetValueOrDefault(guildId);
        }
    }

    /// <summary>Every guild, oldest first.</summary>
    public IReadOnlyList<WorldGuild> GetGuilds()
    {
        lock (_lock)
        {
            return [.. _guilds.Values.OrderBy(g => g.Id)];
        }
    }

    /// <summary>A user, or null.</summary>
    public WorldUser? GetUser(ulong userId)
    {
        lock (_lock)
        {
            return _users.GetValueOrDefault(userId);
        }
    }

    /// <summary>A channel, or null.</summary>
    public WorldChannel? GetChannel(ulong channelId)
    {
        lock (_lock)
        {
            return _channels.GetValueOrDefault(channelId);
        }
    }

    /// <summary>The channels of a guild, by position.</summary>
    public IReadOnlyList<WorldChannel> GetChannels(ulong guildId)
    {
        lock (_lock)
        {
            return [.. _channels.Values.Where(c => c.GuildId == guildId).OrderBy(c => c.Position)];
        }
    }

    /// <summary>The roles of a guild, by position.</summary>
    public IReadOnlyList<WorldRole> GetRoles(ulong guildId)
    {
        lock (_lock)
        {
            return [.. _roles.Values.Where(r => r.GuildId == guildId).OrderBy(r => r.Position)];
        }
    }

    /// <summary>A membership, or null.</summary>
    public WorldMember? GetMember(ulong guildId, ulong userId)
    {
        lock (_lock)
        {
            return _members.GetValueOrDefault((guildId, userId));
        }
    }

    /// <summary>The members of a guild.</summary>
    public IReadOnlyList<WorldMember> GetMembers(ulong guildId)
    {
        lock (_lock)
        {
            return [.. _members.Values.Where(m => m.GuildId == guildId).OrderBy(m => m.UserId)];
        }
    }

    /// <summary>The newest <paramref name="limit"/> messages of a channel, newest first (as Discord lists them).</summary>
    public IReadOnlyList<WorldMessage> GetMessages(ulong channelId, int limit = 50)
    {
        lock (_lock)
        {
            return _messages.TryGetValue(channelId, out var list) ? [.. list.AsEnumerable().Reverse().Take(limit)] : [];
        }
    }

    /// <summary>The GUILD_CREATE <c>d</c> of a guild as it is now.</summary>
    public byte[] GuildCreateJson(ulong guildId)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            return GuildCreateJsonLocked(guildId);
        }
    }

    private byte[] GuildCreateJsonLocked(ulong guildId)
    {
        var guild = _guilds[guildId];
        var members = _members.Values.Where(m => m.GuildId == guildId).OrderBy(m => m.UserId).Select(m => (m, _users[m.UserId])).ToList();
        var joinedAt = _members.TryGetValue((guildId, BotUser.Id), out var bot) ? bot.JoinedAt : _time.GetUtcNow();
        return DiscordJson.ToBytes(w => DiscordJson.WriteGuildCreate(
            w,
            guild,
            _roles.Values.Where(r => r.GuildId == guildId).OrderBy(r => r.Position),
            _channels.Values.Where(c => c.GuildId == guildId).OrderBy(c => c.Position),
            members,
            joinedAt));
    }

    private void Raise(string type, ulong? guildId, byte[] data) => Dispatched?.Invoke(new WorldDispatch(type, guildId, data));

    private WorldGuild RequireGuild(ulong guildId) =>
        _guilds.GetValueOrDefault(guildId) ?? throw new WorldException($"Unknown guild {guildId}.");

    private WorldUser RequireUser(ulong userId) =>
        _users.GetValueOrDefault(userId) ?? throw new WorldException($"Unknown user {userId}.");
}

/// <summary>A MESSAGE_CREATE, with the variant a session without the MESSAGE_CONTENT intent receives.</summary>
public sealed record MessageDispatch(ulong? GuildId, ReadOnlyMemory<byte> WithContent, ReadOnlyMemory<byte> WithoutContent)
    : WorldDispatch("MESSAGE_CREATE", GuildId, WithContent);

/// <summary>A change the world refuses: an unknown id or a broken rule. The message says which.</summary>
public sealed class WorldException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public WorldException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorldException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public WorldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
