using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

/// <summary>Discord's "Channel", "Guild" and "User" sections: get, create and modify channels, a guild's channels and roles, open a DM.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>GET /channels/{channel.id}: a guild channel, thread or DM (50001 when the bot cannot see it).</summary>
    public Task<Channel> GetChannelAsync(Snowflake channelId, CancellationToken cancellationToken = default) =>
        SendAsync<object, Channel>(new DiscordRoute(HttpMethod.Get, "channels/{channel_id}", $"channels/{channelId}", $"{channelId}"),
            null, null, DiscordJsonContext.Default.Channel, null, cancellationToken);

    /// <summary>GET /guilds/{guild.id}/channels: every channel of the guild (not threads).</summary>
    public Task<IReadOnlyList<Channel>> GetGuildChannelsAsync(Snowflake guildId, CancellationToken cancellationToken = default) =>
        SendAsync<object, IReadOnlyList<Channel>>(new DiscordRoute(HttpMethod.Get, "guilds/{guild_id}/channels", $"guilds/{guildId}/channels", $"{guildId}"),
            null, null, DiscordJsonContext.Default.IReadOnlyListChannel, null, cancellationToken);

    /// <summary>POST /guilds/{guild.id}/channels (MANAGE_CHANNELS): under a category without overwrites, the channel takes the category's.</summary>
    public Task<Channel> CreateGuildChannelAsync(Snowflake guildId, CreateGuildChannelRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Post, "guilds/{guild_id}/channels", $"guilds/{guildId}/channels", $"{guildId}"), request,
            DiscordJsonContext.Default.CreateGuildChannelRequest, DiscordJsonContext.Default.Channel, null, cancellationToken);

    /// <summary>PATCH /channels/{channel.id}: a guild channel (MANAGE_CHANNELS) or a thread (archive, lock, rename).</summary>
    public Task<Channel> ModifyChannelAsync(Snowflake channelId, ModifyChannelRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Patch, "channels/{channel_id}", $"channels/{channelId}", $"{channelId}"), request,
            DiscordJsonContext.Default.ModifyChannelRequest, DiscordJsonContext.Default.Channel, null, cancellationToken);

    /// <summary>GET /guilds/{guild.id}/roles.</summary>
    public Task<IReadOnlyList<Role>> GetGuildRolesAsync(Snowflake guildId, CancellationToken cancellationToken = default) =>
        SendAsync<object, IReadOnlyList<Role>>(new DiscordRoute(HttpMethod.Get, "guilds/{guild_id}/roles", $"guilds/{guildId}/roles", $"{guildId}"),
            null, null, DiscordJsonContext.Default.IReadOnlyListRole, null, cancellationToken);

    /// <summary>POST /users/@me/channels: the DM channel with a user (the same one each time); send to it with <see cref="CreateMessageAsync(Snowflake, CreateMessageRequest, CancellationToken)"/>.</summary>
    public Task<Channel> CreateDmAsync(Snowflake recipientId, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Post, "users/@me/channels", "users/@me/channels", ""), new CreateDmRequest(recipientId),
            DiscordJsonContext.Default.CreateDmRequest, DiscordJsonContext.Default.Channel, null, cancellationToken);
}
