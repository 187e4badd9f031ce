namespace Cortex.Discord.Rest;

/// <summary>
/// One REST call's route. Discord rate-limits per route and per major parameter (channel, guild,
/// webhook + token): <see cref="RouteKey"/> names the route without ids, <see cref="MajorParameter"/>
/// is the id that splits its buckets.
/// </summary>
public sealed record DiscordRoute(HttpMethod Method, string Template, string Path, string MajorParameter)
{
    /// <summary>Interaction responses and follow-ups: token-authenticated, outside the bot's global limit.</summary>
    public bool IsInteraction { get; init; }

    public string RouteKey => Method.Method + " " + Template;

    public override string ToString() => Method.Method + " " + Path;
}

/// <summary>The routes Cortex calls, built with their major parameter.</summary>
public static class DiscordRoutes
{
    /// <summary>
    /// A follow-up's bucket is per webhook + token, as Discord splits it; the token itself is a
    /// credential, so the bucket key holds a digest of it and nothing outlives the request.
    /// </summary>
    public static string InteractionMajor(ulong applicationId, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token), digest);
        return $"{applicationId}/{Convert.ToHexStringLower(digest[..12])}";
    }

    public static DiscordRoute CreateMessage(ulong channelId) =>
        new(HttpMethod.Post, "channels/{channel_id}/messages", $"channels/{channelId}/messages", $"{channelId}");

    public static DiscordRoute DeleteMessage(ulong channelId, ulong messageId) =>
        new(HttpMethod.Delete, "channels/{channel_id}/messages/{message_id}", $"channels/{channelId}/messages/{messageId}", $"{channelId}");

    public static DiscordRoute InteractionCallback(ulong interactionId, string token) =>
        new(HttpMethod.Post, "interactions/{interaction_id}/{interaction_token}/callback",
            $"interactions/{interactionId}/{Uri.EscapeDataString(token)}/callback", $"{interactionId}")
        { IsInteraction = true };

    public static DiscordRoute OriginalResponse(HttpMethod method, ulong applicationId, string token) =>
        new(method, "webhooks/{application_id}/{interaction_token}/messages/@original",
            $"webhooks/{applicationId}/{Uri.EscapeDataString(token)}/messages/@original", InteractionMajor(applicationId, token))
        { IsInteraction = true };

    public static DiscordRoute CreateFollowup(ulong applicationId, string token) =>
        new(HttpMethod.Post, "webhooks/{application_id}/{interaction_token}",
            $"webhooks/{applicationId}/{Uri.EscapeDataString(token)}", InteractionMajor(applicationId, token))
        { IsInteraction = true };

    public static DiscordRoute Followup(HttpMethod method, ulong applicationId, string token, ulong messageId) =>
        new(method, "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
            $"webhooks/{applicationId}/{Uri.EscapeDataString(token)}/messages/{messageId}", InteractionMajor(applicationId, token))
        { IsInteraction = true };

    public static DiscordRoute ModifyMember(ulong guildId, ulong userId) =>
        new(HttpMethod.Patch, "guilds/{guild_id}/members/{user_id}", $"guilds/{guildId}/members/{userId}", $"{guildId}");

    public static DiscordRoute Ban(HttpMethod method, ulong guildId, ulong userId) =>
        new(method, "guilds/{guild_id}/bans/{user_id}", $"guilds/{guildId}/bans/{userId}", $"{guildId}");

    public static DiscordRoute GlobalCommands(ulong applicationId) =>
        new(HttpMethod.Put, "applications/{application_id}/commands", $"applications/{applicationId}/commands", "");

    public static DiscordRoute GuildCommands(ulong applicationId, ulong guildId) =>
        new(HttpMethod.Put, "applications/{application_id}/guilds/{guild_id}/commands",
            $"applications/{applicationId}/guilds/{guildId}/commands", $"{guildId}");

    public static DiscordRoute GatewayBot() => new(HttpMethod.Get, "gateway/bot", "gateway/bot", "");

    public static DiscordRoute CurrentUserGuilds() => new(HttpMethod.Get, "users/@me/guilds", "users/@me/guilds", "");

    public static DiscordRoute CurrentUser() => new(HttpMethod.Get, "users/@me", "users/@me", "");

    public static DiscordRoute Guild(ulong guildId) => new(HttpMethod.Get, "guilds/{guild_id}", $"guilds/{guildId}", $"{guildId}");

    public static DiscordRoute CurrentApplication() => new(HttpMethod.Get, "applications/@me", "applications/@me", "");
}
