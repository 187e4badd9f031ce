using Cortex.Discord.Models;
using Cortex.Emulator.Rest.Bodies;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

/// <summary>Create Guild Channel and Modify Channel (guild channels and threads), as the bot.</summary>
internal static class ChannelEditEndpoints
{
    public static void Map(RouteGroupBuilder bot)
    {
        bot.MapPost("/guilds/{guildId}/channels", async (ulong guildId, HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, DiscordJsonContext.Default.CreateGuildChannelRequest);
            return TypedResults.Json(state.CreateGuildChannel(guildId, request, state.Bot.Id), DiscordJsonContext.Default.Channel, statusCode: StatusCodes.Status201Created);
        }).AcceptsBody<CreateGuildChannelRequest>().WithMetadata(new RestBucket("guilds:channels:create", 5, "guildId"));
        bot.MapPatch("/channels/{channelId}", async (ulong channelId, HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, DiscordJsonContext.Default.ModifyChannelRequest);
            return TypedResults.Json(state.ModifyChannel(channelId, request, state.Bot.Id), DiscordJsonContext.Default.Channel);
        }).AcceptsBody<ModifyChannelRequest>().WithMetadata(new RestBucket("channels:modify", 5, "channelId"));
    }
}
