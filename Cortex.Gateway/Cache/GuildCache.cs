using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Gateway.Cache;

/// <summary>
/// The minimal cache command checks need: guilds, channels and threads, roles and the members' (and the
/// bot's) roles, kept from GUILD_*, CHANNEL_*, THREAD_*, GUILD_ROLE_* and GUILD_MEMBER_* dispatches. Each
/// guild is written by its shard's loop only; readers take the guild's lock.
/// </summary>
internal sealed partial class GuildCache
{
    /// <summary>What an owner or administrator holds: every permission, overwrites ignored.</summary>
    public const ulong AllPermissions = (ulong)DiscordPermissions.All;

    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    private readonly ConcurrentDictionary<ulong, CachedGuild> _guilds = new();

    /// <summary>The bot's user id, from READY.</summary>
    public ulong BotUserId { get; private set; }

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

    public CachedGuild? Get(ulong guildId) => _guilds.GetValueOrDefault(guildId);

    /// <summary>Forgets the guilds of a shard (it re-identified: GUILD_CREATE brings them back).</summary>
    public void ForgetShard(int shardId)
    {
        foreach (var guild in _guilds.Values.Where(g => g.ShardId == shardId))
        {
            _guilds.TryRemove(guild.Id, out _);
        }
    }

    public void Apply(int shardId, string eventName, ReadOnlyMemory<byte> data)
    {
        using var document = JsonDocument.Parse(data);
        var d = document.RootElement;
        switch (eventName)
        {
            case "READY":
                BotUserId = Snowflake(d.GetProperty("user"), "id");
                break;
            case "GUILD_CREATE":
                if (!Bool(d, "unavailable"))
                {
                    _guilds[Snowflake(d, "id")] = BuildGuild(shardId, d);
                }

                break;
            case "GUILD_UPDATE":
                Update(Snowflake(d, "id"), g => g.OwnerId = Snowflake(d, "owner_id"));
                break;
            case "GUILD_DELETE":
                _guilds.TryRemove(Snowflake(d, "id"), out _);
                break;
            case "CHANNEL_CREATE" or "CHANNEL_UPDATE":
                Update(Snowflake(d, "guild_id"), g => g.Channels[Snowflake(d, "id")] = ReadChannel(d));
                break;
            case "CHANNEL_DELETE" or "THREAD_DELETE":
                Update(Snowflake(d, "guild_id"), g => g.Channels.Remove(Snowflake(d, "id")));
                break;
            case "THREAD_CREATE" or "THREAD_UPDATE":
                Update(Snowflake(d, "guild_id"), g => g.Channels[Snowflake(d, "id")] = ReadChannel(d));
                break;
            case "THREAD_LIST_SYNC":
                Update(Snowflake(d, "guild_id"), g => SyncThreads(g, d));
                break;
            case "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE":
                var role = d.GetProperty("role");
                Update(Snowflake(d, "guild_id"), g => g.RolePermissions[Snowflake(role, "id")] = Snowflake(role, "permissions"));
                break;
            case "GUILD_ROLE_DELETE":
                Update(Snowflake(d, "guild_id"), g => g.RolePermissions.Remove(Snowflake(d, "role_id")));
                break;
            case "GUILD_MEMBER_ADD" or "GUILD_MEMBER_UPDATE":
                Update(Snowflake(d, "guild_id"), g => g.MemberRoles[Snowflake(d.GetProperty("user"), "id")] = Roles(d));
                break;
            case "GUILD_MEMBER_REMOVE":
                Update(Snowflake(d, "guild_id"), g => g.MemberRoles.Remove(Snowflake(d.GetProperty("user"), "id")));
                break;
        }
    }

    /// <summary>A member's permissions in a guild, or in a channel when <paramref name="channelId"/> is given; null when not cached.</summary>
    public ulong? PermissionsFor(ulong guildId, ulong userId, ulong? channelId = null)
    {
        if (!_guilds.TryGetValue(guildId, out var guild))
        {
            return null;
        }

        lock (guild.Sync)
        {
            if (!guild.MemberRoles.TryGetValue(userId, out var roles))
            {
                return null;
            }

            // Discord's algorithm, in the one place Cortex keeps it (Cortex.Discord.Permissions).
            var member = new PermissionMember(guildId, userId, roles, IsOwner: guild.OwnerId == userId);
            DiscordPermissions? RolePermissions(ulong roleId) => guild.RolePermissions.TryGetValue(roleId, out var bits) ? (DiscordPermissions)bits : null;
            // A thread has no overwrites of its own: its parent's apply (Cortex.Discord's ThreadPermissions).
            var permissions = channelId is { } id && guild.Channels.TryGetValue(ParentOrSelf(guild, id), out var channel)
                ? PermissionCalculator.InChannel(member, RolePermissions, channel.Overwrites)
                : PermissionCalculator.Base(member, RolePermissions);
            return (ulong)permissions;
        }
    }

    private static CachedGuild BuildGuild(int shardId, JsonElement d)
    {
        var guild = new CachedGuild(Snowflake(d, "id"), shardId) { OwnerId = Snowflake(d, "owner_id") };
        foreach (var role in Array(d, "roles"))
        {
            guild.RolePermissions[Snowflake(role, "id")] = Snowflake(role, "permissions");
        }

        foreach (var channel in Array(d, "channels"))
        {
            guild.Channels[Snowflake(channel, "id")] = ReadChannel(channel);
        }

        foreach (var thread in Array(d, "threads"))
        {
            guild.Channels[Snowflake(thread, "id")] = ReadChannel(thread);
        }

        foreach (var member in Array(d, "members"))
        {
            guild.MemberRoles[Snowflake(member.GetProperty("user"), "id")] = Roles(member);
        }

        guild.Channels.TrimExcess();
        guild.RolePermissions.TrimExcess();
        guild.MemberRoles.TrimExcess();
        return guild;
    }

    private static CachedChannel ReadChannel(JsonElement channel)
    {
        var overwrites = Array(channel, "permission_overwrites")
            .Select(o => new ChannelOverwrite(Snowflake(o, "id"), (PermissionOverwriteType)o.GetProperty("type").GetInt32(), (DiscordPermissions)Snowflake(o, "allow"), (DiscordPermissions)Snowflake(o, "deny")))
            .ToArray();
        return new CachedChannel(Snowflake(channel, "id"), channel.TryGetProperty("type", out var type) ? type.GetInt32() : 0, Snowflake(channel, "parent_id"), overwrites);
    }

    private static ulong[] Roles(JsonElement member) => Array(member, "roles").Select(r => ParseSnowflake(r.GetString())).ToArray();

    private void Update(ulong guildId, Action<CachedGuild> change)
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

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static ulong Snowflake(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? ParseSnowflake(value.GetString()) : 0;

    private static ulong ParseSnowflake(string? value) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
}
