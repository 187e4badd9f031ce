using Cortex.Discord.Models;
using Cortex.Emulator.Rest.Bodies;
using Cortex.Emulator.World;
using Microsoft.AspNetCore.Mvc;

namespace Cortex.Emulator.Rest;

/// <summary>Guild routes beyond get guild/member, ban and timeout: channels, roles, kick, one ban, the audit log, and channels/DMs.</summary>
internal static class GuildRouteEndpoints
{
    public static void Map(RouteGroupBuilder bot)
    {
        bot.MapGet("/channels/{channelId}", (ulong channelId, DiscordState state) =>
            TypedResults.Json(state.GetChannel(channelId, state.Bot.Id), DiscordJsonContext.Default.Channel))
            .WithMetadata(new RestBucket("channels:get", 5, "channelId"));
        bot.MapPost("/users/@me/channels", async (HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, DiscordJsonContext.Default.CreateDmRequest);
            if (request.RecipientId.Value == 0)
            {
                throw RestException.InvalidFormBody("recipient_id: This field is required");
            }

            return TypedResults.Json(state.CreateDm(request.RecipientId), DiscordJsonContext.Default.Channel);
        }).AcceptsBody<CreateDmRequest>().WithMetadata(new RestBucket("users:dm", 5, null));
        bot.MapGet("/guilds/{guildId}/channels", (ulong guildId, DiscordState state) =>
            TypedResults.Json(state.GetGuildChannels(guildId, state.Bot.Id), DiscordJsonContext.Default.IReadOnlyListChannel))
            .WithMetadata(new RestBucket("guilds:channels", 10, "guildId"));
        bot.MapGet("/guilds/{guildId}/roles", (ulong guildId, DiscordState state) =>
            TypedResults.Json(state.GetGuildRoles(guildId, state.Bot.Id), DiscordJsonContext.Default.IReadOnlyListRole))
            .WithMetadata(new RestBucket("guilds:roles", 10, "guildId"));
        bot.MapDelete("/guilds/{guildId}/members/{userId}", (ulong guildId, ulong userId, HttpContext http, DiscordState state) =>
        {
            state.Kick(guildId, userId, state.Bot.Id, AuditReason.Of(http));
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("members:kick", 5, "guildId"));
        bot.MapGet("/guilds/{guildId}/bans/{userId}", (ulong guildId, ulong userId, DiscordState state) =>
            TypedResults.Json(state.GetBan(guildId, userId, state.Bot.Id), DiscordJsonContext.Default.Ban))
            .WithMetadata(new RestBucket("bans:get", 10, "guildId"));
        bot.MapGet("/guilds/{guildId}/audit-logs", (ulong guildId, [FromQuery(Name = "user_id")] ulong? userId, [FromQuery(Name = "action_type")] int? actionType,
            ulong? before, ulong? after, int? limit, DiscordState state) =>
        {
            if (limit is < 1 or > 100)
            {
                throw RestException.InvalidFormBody("limit: Must be between 1 and 100.");
            }

            return TypedResults.Json(state.GetAuditLog(guildId, state.Bot.Id, userId, actionType, before, after, limit ?? 50), DiscordJsonContext.Default.GuildAuditLog);
        }).WithMetadata(new RestBucket("audit-log", 5, "guildId"));
    }
}
