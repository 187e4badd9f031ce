using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

/// <summary>
/// The control API's part for channels that differ per member: set or remove a channel's permission
/// overwrites (as the guild's owner), read what a user may do in a channel, start and join threads
/// and open DMs as a fake user. Errors are ProblemDetails with Discord's code.
/// </summary>
internal static class WorldControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control/channels/{channelId}").WithTags("Emulator control").AddEndpointFilter<RestErrorFilter>();
        control.MapPut("/permissions/{overwriteId}", async (ulong channelId, ulong overwriteId, HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.EditOverwriteRequest);
            var channel = state.EditChannelPermissions(channelId, ThreadEndpoints.Overwrite(overwriteId, request), OwnerOf(state, channelId));
            return TypedResults.Json(channel, DiscordJsonContext.Default.Channel);
        });
        control.MapDelete("/permissions/{overwriteId}", (ulong channelId, ulong overwriteId, DiscordState state) =>
            TypedResults.Json(state.DeleteChannelPermission(channelId, overwriteId, OwnerOf(state, channelId)), DiscordJsonContext.Default.Channel));
        control.MapGet("/permissions/users/{userId}", (ulong channelId, ulong userId, DiscordState state) =>
            TypedResults.Json(new WorldControlRequests.PermissionsView(PermissionBits.Format((DiscordPermissions)state.ChannelPermissionsOf(channelId, userId))),
                WorldJsonContext.Default.PermissionsView));
        control.MapPost("/threads", async (ulong channelId, HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.ThreadRequest);
            var thread = state.StartThread(channelId, request.MessageId, new StartThreadRequest { Name = request.Name, Type = request.Type }, request.UserId);
            return TypedResults.Json(thread, DiscordJsonContext.Default.Channel, statusCode: StatusCodes.Status201Created);
        });
        control.MapPut("/thread-members/{userId}", (ulong channelId, ulong userId, DiscordState state) =>
        {
            state.JoinThread(channelId, userId);
            return TypedResults.NoContent();
        });

        app.MapPost("/control/dms", async (HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.UserRequest);
            var dm = state.GetOrCreateDmChannel(request.UserId);
            return TypedResults.Json(dm with { ParentId = null, Recipients = [state.FindUser(request.UserId)!] }, DiscordJsonContext.Default.Channel);
        }).WithTags("Emulator control").AddEndpointFilter<RestErrorFilter>();
    }

    // The control API sets overwrites as the guild's owner would in Discord's settings.
    private static ulong OwnerOf(DiscordState state, ulong channelId) =>
        state.FindChannel(channelId)?.GuildId is { } guildId && state.FindGuild(guildId) is { } guild
            ? guild.OwnerId
            : throw RestException.UnknownChannel();
}

/// <summary>Bodies and answers of <see cref="WorldControlEndpoints"/>.</summary>
public static class WorldControlRequests
{
    /// <summary>A fake user starts a thread in a channel (from <c>message_id</c> when given).</summary>
    public sealed record ThreadRequest(Snowflake UserId, string Name, int? Type = null, Snowflake? MessageId = null);

    /// <summary>A chat-page user starts a thread in a channel (from <c>message_id</c> when given).</summary>
    public sealed record ChatThreadRequest(Snowflake ChannelId, Snowflake UserId, string Name, int? Type = null, Snowflake? MessageId = null);

    /// <summary>A fake user, by id.</summary>
    public sealed record UserRequest(Snowflake UserId);

    /// <summary>What a user may do in a channel, as Discord computes it (decimal bit set).</summary>
    public sealed record PermissionsView(string Permissions);
}
