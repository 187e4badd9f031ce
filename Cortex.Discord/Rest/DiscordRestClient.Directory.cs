using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

/// <summary>Reads about the bot and its guilds.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>The bot's own user (<c>GET /users/@me</c>).</summary>
    public Task<User> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        SendAsync<object, User>(DiscordRoutes.CurrentUser(), null, null, DiscordJsonContext.Default.User, null, cancellationToken);

    /// <summary>A guild the bot is in (<c>GET /guilds/{guild.id}</c>).</summary>
    public Task<Guild> GetGuildAsync(Snowflake guildId, CancellationToken cancellationToken = default) =>
        SendAsync<object, Guild>(DiscordRoutes.Guild(guildId), null, null, DiscordJsonContext.Default.Guild, null, cancellationToken);

    /// <summary>A member of a guild (<c>GET /guilds/{guild.id}/members/{user.id}</c>), with their role ids.</summary>
    public Task<GuildMember> GetGuildMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken = default) =>
        SendAsync<object, GuildMember>(DiscordRoutes.GuildMember(guildId, userId), null, null, DiscordJsonContext.Default.GuildMember, null, cancellationToken);
}
