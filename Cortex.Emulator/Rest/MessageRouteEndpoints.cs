using Cortex.Discord.Models;
using Cortex.Emulator.Rest.Bodies;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

/// <summary>Message routes beyond create/list/delete: get, edit, bulk delete, typing and reactions (Discord's "Message" and "Channel" sections).</summary>
internal static class MessageRouteEndpoints
{
    public static void Map(RouteGroupBuilder bot)
    {
        bot.MapGet("/channels/{channelId}/messages/{messageId}", (ulong channelId, ulong messageId, DiscordState state) =>
            TypedResults.Json(state.GetMessage(channelId, messageId, state.Bot.Id), DiscordJsonContext.Default.Message))
            .WithMetadata(new RestBucket("messages:get", 5, "channelId"));
        bot.MapPatch("/channels/{channelId}/messages/{messageId}", async (ulong channelId, ulong messageId, HttpContext http, DiscordState state) =>
        {
            var (edit, uploads) = await MessageBodyReader.ReadAsync(http, DiscordJsonContext.Default.EditMessageRequest);
            return TypedResults.Json(state.EditMessage(channelId, messageId, state.Bot.Id, edit, uploads), DiscordJsonContext.Default.Message);
        }).AcceptsBody<EditMessageRequest>(multipart: true).WithMetadata(new RestBucket("messages:edit", 5, "channelId"));
        bot.MapPost("/channels/{channelId}/messages/bulk-delete", async (ulong channelId, HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, DiscordJsonContext.Default.BulkDeleteMessagesRequest);
            var count = state.BulkDelete(channelId, request.Messages ?? [], state.Bot.Id);
            if (state.FindChannel(channelId)?.GuildId is { } guildId)
            {
                state.RecordAudit(guildId, state.Bot.Id, AuditLogEvents.MessageBulkDelete, channelId, AuditReason.Of(http),
                    options: System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                        RestRouteJsonContext.Default.DictionaryStringString));
            }

            return TypedResults.NoContent();
        }).AcceptsBody<BulkDeleteMessagesRequest>().WithMetadata(new RestBucket("messages:bulk-delete", 2, "channelId"));
        bot.MapPost("/channels/{channelId}/typing", (ulong channelId, DiscordState state) =>
        {
            state.TriggerTyping(channelId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("typing", 5, "channelId"));

        // Discord limits reactions hardest (about 4 a second per channel); one bucket for add and remove.
        var reactions = new RestBucket("reactions", 4, "channelId");
        bot.MapPut("/channels/{channelId}/messages/{messageId}/reactions/{emoji}/@me", (ulong channelId, ulong messageId, string emoji, DiscordState state) =>
        {
            state.AddReaction(channelId, messageId, emoji, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(reactions);
        bot.MapDelete("/channels/{channelId}/messages/{messageId}/reactions/{emoji}/@me", (ulong channelId, ulong messageId, string emoji, DiscordState state) =>
        {
            state.RemoveOwnReaction(channelId, messageId, emoji, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(reactions);
        bot.MapDelete("/channels/{channelId}/messages/{messageId}/reactions/{emoji}/{userId}", (ulong channelId, ulong messageId, string emoji, ulong userId, DiscordState state) =>
        {
            state.RemoveUserReaction(channelId, messageId, emoji, userId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(reactions);
        bot.MapDelete("/channels/{channelId}/messages/{messageId}/reactions/{emoji}", (ulong channelId, ulong messageId, string emoji, DiscordState state) =>
        {
            state.RemoveEmojiReactions(channelId, messageId, emoji, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(reactions);
        bot.MapDelete("/channels/{channelId}/messages/{messageId}/reactions", (ulong channelId, ulong messageId, DiscordState state) =>
        {
            state.RemoveAllReactions(channelId, messageId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(reactions);
        bot.MapGet("/channels/{channelId}/messages/{messageId}/reactions/{emoji}", (ulong channelId, ulong messageId, string emoji, ulong? after, int? limit, int? type, DiscordState state) =>
        {
            if (limit is < 1 or > 100 || type is < 0 or > 1)
            {
                throw RestException.InvalidFormBody(limit is < 1 or > 100 ? "limit: Must be between 1 and 100." : "type: Must be 0 (normal) or 1 (burst).");
            }

            return TypedResults.Json(state.GetReactions(channelId, messageId, emoji, state.Bot.Id, after, limit ?? 25, type ?? 0), DiscordJsonContext.Default.IReadOnlyListUser);
        }).WithMetadata(new RestBucket("reactions:get", 5, "channelId"));
    }
}
