using System.Collections.Concurrent;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Cache;

/// <summary>
/// The minimal cache command checks need: guilds, channels and threads, roles and the members' (and the
/// bot's) roles, kept from GUILD_*, CHANNEL_*, THREAD_*, GUILD_ROLE_* and GUILD_MEMBER_* dispatches. Each
/// guild is written by its shard's loop only; readers take the guild's lock. A guild's members, and its channels and roles, are
/// indexed when first needed, not on arrival (GuildCache.Members.cs, GuildCache.Parts.cs).
/// </summary>
internal sealed partial class GuildCache
{
    /// <summary>What an owner or administrator holds: every permission, overwrites ignored.</summary>
    public const ulong AllPermissions = (ulong)DiscordPermissions.All;

    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    private readonly ConcurrentDictionary<Snowflake, CachedGuild> _guilds = new();
    private readonly PendingMemberBudget _budget;
    private readonly GatewayMetrics? _metrics;
    private readonly ILogger _logger;

    /// <summary>A cache with the default budget of kept member bytes, no metrics and no logs (benchmarks, tests).</summary>
    public GuildCache()
        : this(GatewayOptions.DefaultDeferredMemberBytes, metrics: null, NullLogger.Instance)
    {
    }

    public GuildCache(IOptions<GatewayOptions> options, GatewayMetrics metrics, ILogger<GuildCache> logger)
        : this(options.Value.DeferredMemberBytes, metrics, logger)
    {
    }

    /// <param name="deferredMemberBytes">The process's budget of member bytes kept unread; 0 reads every guild's members on arrival.</param>
    internal GuildCache(long deferredMemberBytes, GatewayMetrics? metrics, ILogger logger)
    {
        _budget = new PendingMemberBudget(deferredMemberBytes);
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The bot's user id, from READY.</summary>
    public Snowflake BotUserId { get; private set; }

    public int Count => _guilds.Count;

    public int GuildCount(int shardId) => _guilds.Values.Count(g => g.ShardId == shardId);

    public static bool Handles(string eventName) => eventName switch
    {
        "READY" or "GUILD_CREATE" or "GUILD_UPDATE" or "GUILD_DELETE"
            or "CHANNEL_CREATE" or "CHANNEL_UPDATE" or "CHANNEL_DELETE"
            or "THREAD_CREATE" or "THREAD_UPDATE" or "THREAD_DELETE" or "THREAD_LIST_SYNC"
            or "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE" or "GUILD_ROLE_DELETE"
            or "GUILD_MEMBER_ADD" or "GUILD_MEMBER_UPDATE" or "GUILD_MEMBER_REMOVE" => true,
        _ => false,
    };

    /// <summary>The cached guild, its channels and roles indexed first when still kept (its members may still be pending); null when not cached.</summary>
    public CachedGuild? Get(Snowflake guildId)
    {
        if (!_guilds.TryGetValue(guildId, out var guild))
        {
            return null;
        }

        lock (guild.Sync)
        {
            return IndexParts(guild);
        }
    }

    /// <summary>Forgets the guilds of a shard (it re-identified: GUILD_CREATE brings them back).</summary>
    public void ForgetShard(int shardId)
    {
        foreach (var guild in _guilds.Values.Where(g => g.ShardId == shardId))
        {
            if (_guilds.TryRemove(guild.Id, out var forgotten))
            {
                Release(forgotten);
            }
        }
    }

    /// <summary>Applies a dispatch's <c>d</c>; a GUILD_CREATE's may be held unread (its members, channels, roles), so it must never be written again.</summary>
    public void Apply(int shardId, string eventName, ReadOnlyMemory<byte> data)
    {
        // The one large and frequent event (every guild after READY and on join) is read without a document.
        if (eventName == "GUILD_CREATE")
        {
            Create(shardId, data, summary: null);
            return;
        }

        using var document = JsonDocument.Parse(data);
        var d = document.RootElement;
        switch (eventName)
        {
            case "READY":
                BotUserId = IdOf(d.GetProperty("user"), "id");
                break;
            // A change to a guild's channels or roles (and GUILD_UPDATE, which carries its roles) lands on the indexed ones:
            // the kept ones are read first.
            case "GUILD_UPDATE":
                Update(IdOf(d, "id"), g => IndexParts(g).OwnerId = IdOf(d, "owner_id"));
                break;
            case "GUILD_DELETE":
                if (_guilds.TryRemove(IdOf(d, "id"), out var deleted))
                {
                    Release(deleted);
                }

                break;
            case "CHANNEL_CREATE" or "CHANNEL_UPDATE":
                Update(IdOf(d, "guild_id"), g => IndexParts(g).Channels[IdOf(d, "id")] = ReadChannel(d));
                break;
            case "CHANNEL_DELETE" or "THREAD_DELETE":
                Update(IdOf(d, "guild_id"), g => IndexParts(g).Channels.Remove(IdOf(d, "id")));
                break;
            case "THREAD_CREATE" or "THREAD_UPDATE":
                Update(IdOf(d, "guild_id"), g => IndexParts(g).Channels[IdOf(d, "id")] = ReadChannel(d));
                break;
            case "THREAD_LIST_SYNC":
                Update(IdOf(d, "guild_id"), g => SyncThreads(IndexParts(g), d));
                break;
            case "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE":
                var role = d.GetProperty("role");
                Update(IdOf(d, "guild_id"), g => IndexParts(g).RolePermissions[IdOf(role, "id")] = BitsOf(role, "permissions"));
                break;
            case "GUILD_ROLE_DELETE":
                Update(IdOf(d, "guild_id"), g => IndexParts(g).RolePermissions.Remove(IdOf(d, "role_id")));
                break;
            // A change to one member lands on the indexed members: the kept ones are read first.
            case "GUILD_MEMBER_ADD" or "GUILD_MEMBER_UPDATE":
                Update(IdOf(d, "guild_id"), g => IndexMembers(g).MemberRoles[IdOf(d.GetProperty("user"), "id")] = Roles(d));
                break;
            case "GUILD_MEMBER_REMOVE":
                Update(IdOf(d, "guild_id"), g => IndexMembers(g).MemberRoles.Remove(IdOf(d.GetProperty("user"), "id")));
                break;
        }
    }

    /// <summary>Caches a GUILD_CREATE like <see cref="Apply"/> and returns its <see cref="GuildSummary"/>, read in the same pass.</summary>
    /// <exception cref="JsonException">The payload is not a JSON object.</exception>
    public byte[] ApplyGuildCreate(int shardId, ReadOnlyMemory<byte> data)
    {
        var summary = new GuildSummary();
        Create(shardId, data, summary);
        return summary.ToJson(data.Span);
    }

    /// <summary>
    /// A member's permissions in a guild, or in a channel when <paramref name="channelId"/> is given; null when not cached; 0 (no
    /// permission) for anyone in a guild whose kept channels or roles were found malformed (<see cref="CachedGuild.PartsMalformed"/>).
    /// </summary>
    public ulong? PermissionsFor(Snowflake guildId, Snowflake userId, Snowflake? channelId = null)
    {
        if (!_guilds.TryGetValue(guildId, out var guild))
        {
            return null;
        }

        lock (guild.Sync)
        {
            // Fail closed: without the roles and overwrites GUILD_CREATE sent, no answer can be trusted to deny what it should.
            if (IndexParts(guild).PartsMalformed)
            {
                return 0;
            }

            if (!IndexMembers(guild).MemberRoles.TryGetValue(userId, out var roles))
            {
                return null;
            }

            // Discord's algorithm, in the one place Cortex keeps it (Cortex.Discord.Permissions).
            var member = new PermissionMember(guildId.Value, userId.Value, roles, IsOwner: guild.OwnerId == userId);
            DiscordPermissions? RolePermissions(ulong roleId) => guild.RolePermissions.TryGetValue(roleId, out var bits) ? (DiscordPermissions)bits : null;
            // A thread has no overwrites of its own: its parent's apply (Cortex.Discord's ThreadPermissions).
            var permissions = channelId is { } id && guild.Channels.TryGetValue(ParentOrSelf(guild, id), out var channel)
                ? PermissionCalculator.InChannel(member, RolePermissions, channel.Overwrites)
                : PermissionCalculator.Base(member, RolePermissions);
            return (ulong)permissions;
        }
    }

    private void Create(int shardId, ReadOnlyMemory<byte> data, GuildSummary? summary)
    {
        // Read sizes the guild's dictionaries to what they hold (exactly on the walk, trimmed on the validating path).
        if (GuildCreateReader.Read(shardId, data, summary, _budget.Limit > 0 ? _budget : null) is not { } created)
        {
            return;
        }

        Arrived(created);
        // Only this shard's loop writes the guild, so nothing comes between the look-up and the store.
        _guilds.TryGetValue(created.Id, out var replaced);
        _guilds[created.Id] = created;
        if (replaced is not null)
        {
            Release(replaced);
        }
    }

    private static CachedChannel ReadChannel(JsonElement channel)
    {
        var overwrites = Array(channel, "permission_overwrites")
            .Select(o => new ChannelOverwrite(IdOf(o, "id").Value, (PermissionOverwriteType)o.GetProperty("type").GetInt32(), (DiscordPermissions)BitsOf(o, "allow"), (DiscordPermissions)BitsOf(o, "deny")))
            .ToArray();
        return new CachedChannel(IdOf(channel, "id"), channel.TryGetProperty("type", out var type) ? type.GetInt32() : 0, IdOf(channel, "parent_id"), overwrites);
    }

    private static ulong[] Roles(JsonElement member) => Array(member, "roles").Select(r => ParseId(r.GetString()).Value).ToArray();

    private void Update(Snowflake guildId, Action<CachedGuild> change)
    {
        if (_guilds.TryGetValue(guildId, out var guild))
        {
            lock (guild.Sync)
            {
                change(guild);
            }
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : EmptyArray.EnumerateArray();

    /// <summary>An id field (a string of digits); 0 when absent or malformed.</summary>
    private static Snowflake IdOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? ParseId(value.GetString()) : default;

    /// <summary>A permission bit set, sent as a string of digits like an id; 0 when absent or malformed.</summary>
    private static ulong BitsOf(JsonElement element, string name) => IdOf(element, name).Value;

    private static Snowflake ParseId(string? value) => Snowflake.TryParse(value, out var id) ? id : default;
}
