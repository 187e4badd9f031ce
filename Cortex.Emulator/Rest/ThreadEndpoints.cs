using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest.Bodies;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

/// <summary>Threads (start, join, leave, members, active list) and channel permission overwrites, as the bot.</summary>
internal static class ThreadEndpoints
{
    public static void Map(RouteGroupBuilder bot)
    {
        bot.MapPost("/channels/{channelId}/messages/{messageId}/threads", async (ulong channelId, ulong messageId, HttpContext http, DiscordState state) =>
            Json(state.StartThread(channelId, messageId, await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.StartThreadRequest), state.Bot.Id)))
            .AcceptsBody<StartThreadRequest>().WithMetadata(new RestBucket("threads:create", 5, "channelId"));
        bot.MapPost("/channels/{channelId}/threads", async (ulong channelId, HttpContext http, DiscordState state) =>
            Json(state.StartThread(channelId, null, await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.StartThreadRequest), state.Bot.Id)))
            .AcceptsBody<StartThreadRequest>().WithMetadata(new RestBucket("threads:create", 5, "channelId"));
        bot.MapPut("/channels/{channelId}/thread-members/@me", (ulong channelId, DiscordState state) =>
        {
            state.JoinThread(channelId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("threads:members", 10, "channelId"));
        bot.MapDelete("/channels/{channelId}/thread-members/@me", (ulong channelId, DiscordState state) =>
        {
            state.RemoveThreadMember(channelId, state.Bot.Id, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("threads:members", 10, "channelId"));
        bot.MapPut("/channels/{channelId}/thread-members/{userId}", (ulong channelId, ulong userId, DiscordState state) =>
        {
            state.AddThreadMember(channelId, userId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("threads:members", 10, "channelId"));
        bot.MapDelete("/channels/{channelId}/thread-members/{userId}", (ulong channelId, ulong userId, DiscordState state) =>
        {
            state.RemoveThreadMember(channelId, userId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("threads:members", 10, "channelId"));
        bot.MapGet("/channels/{channelId}/thread-members", (ulong channelId, DiscordState state) =>
            TypedResults.Json(state.GetThreadMembers(channelId, state.Bot.Id), WorldJsonContext.Default.IReadOnlyListThreadMember))
            .WithMetadata(new RestBucket("threads:members", 10, "channelId"));
        bot.MapGet("/guilds/{guildId}/threads/active", (ulong guildId, DiscordState state) =>
            TypedResults.Json(state.GetActiveThreads(guildId, state.Bot.Id), WorldJsonContext.Default.ActiveThreads))
            .WithMetadata(new RestBucket("threads:active", 10, "guildId"));

        bot.MapPut("/channels/{channelId}/permissions/{overwriteId}", async (ulong channelId, ulong overwriteId, HttpContext http, DiscordState state) =>
        {
            state.EditChannelPermissions(channelId, Overwrite(overwriteId, await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.EditOverwriteRequest)), state.Bot.Id);
            return TypedResults.NoContent();
        }).AcceptsBody<EditOverwriteRequest>().WithMetadata(new RestBucket("channels:permissions", 10, "channelId"));
        bot.MapDelete("/channels/{channelId}/permissions/{overwriteId}", (ulong channelId, ulong overwriteId, DiscordState state) =>
        {
            state.DeleteChannelPermission(channelId, overwriteId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("channels:permissions", 10, "channelId"));
    }

    /// <summary>The body of Edit Channel Permissions as an overwrite: <c>type</c> is required, allow and deny default to "0".</summary>
    public static ChannelOverwrite Overwrite(ulong id, EditOverwriteRequest request) => new(
        id,
        request.Type switch
        {
            0 => PermissionOverwriteType.Role,
            1 => PermissionOverwriteType.Member,
            _ => throw RestException.InvalidFormBody("type: Must be 0 (role) or 1 (member)."),
        },
        request.Allow is null ? DiscordPermissions.None : PermissionBits.Parse(request.Allow) ?? throw RestException.InvalidFormBody("allow: Must be a decimal permission bit set."),
        request.Deny is null ? DiscordPermissions.None : PermissionBits.Parse(request.Deny) ?? throw RestException.InvalidFormBody("deny: Must be a decimal permission bit set."));

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Channel> Json(Channel channel) => TypedResults.Json(channel, DiscordJsonContext.Default.Channel, statusCode: StatusCodes.Status201Created);
}

/// <summary>PUT /channels/{channel.id}/permissions/{overwrite.id}.</summary>
public sealed record EditOverwriteRequest(int? Type, string? Allow = null, string? Deny = null);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StartThreadRequest))]
[JsonSerializable(typeof(EditOverwriteRequest))]
[JsonSerializable(typeof(ActiveThreads))]
[JsonSerializable(typeof(IReadOnlyList<ThreadMember>))]
[JsonSerializable(typeof(WorldControlRequests.ThreadRequest))]
[JsonSerializable(typeof(WorldControlRequests.UserRequest))]
[JsonSerializable(typeof(WorldControlRequests.ChatThreadRequest))]
[JsonSerializable(typeof(WorldControlRequests.PermissionsView))]
public sealed partial class WorldJsonContext : JsonSerializerContext;
