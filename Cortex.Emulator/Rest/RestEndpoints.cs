using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest.Bodies;
using Cortex.Emulator.World;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Emulator.Rest;

/// <summary>Discord's REST API v10, the calls Cortex makes, with Discord's status codes, bodies and rate-limit headers.</summary>
public static class RestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v10").AddEndpointFilter<RestGate>().WithTags("Discord REST");
        var bot = api.MapGroup("").WithMetadata(new BotAuthorization()).AddEndpointFilter<AuditLogFilter>();

        bot.MapPost("/channels/{channelId}/messages", CreateMessageAsync).AcceptsBody<CreateMessageRequest>(multipart: true).WithMetadata(new RestBucket("messages:create", 5, "channelId"));
        bot.MapGet("/channels/{channelId}/messages", (ulong channelId, int? limit, DiscordState state) =>
            TypedResults.Json(state.GetMessages(channelId, viewerId: null, Math.Clamp(limit ?? 50, 1, 100)), DiscordJsonContext.Default.IReadOnlyListMessage))
            .WithMetadata(new RestBucket("messages:list", 5, "channelId"));
        bot.MapDelete("/channels/{channelId}/messages/{messageId}", (ulong channelId, ulong messageId, DiscordState state) =>
        {
            state.DeleteMessage(channelId, messageId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("messages:delete", 5, "channelId"));

        bot.MapGet("/guilds/{guildId}", (ulong guildId, DiscordState state) =>
            TypedResults.Json(state.GetGuild(guildId), DiscordJsonContext.Default.Guild))
            .WithMetadata(new RestBucket("guilds:get", 10, "guildId"));
        bot.MapGet("/guilds/{guildId}/members/{userId}", (ulong guildId, ulong userId, DiscordState state) =>
            TypedResults.Json(state.GetMember(guildId, userId), DiscordJsonContext.Default.GuildMember))
            .WithMetadata(new RestBucket("members:get", 10, "guildId"));
        bot.MapPatch("/guilds/{guildId}/members/{userId}", ModifyMemberAsync)
            .WithMetadata(new RestBucket("members:modify", 10, "guildId"), new AuditAction(AuditLogEvents.MemberUpdate));
        bot.MapPut("/guilds/{guildId}/bans/{userId}", BanAsync).AcceptsBody<CreateBanRequest>().WithMetadata(new RestBucket("bans", 5, "guildId"), new AuditAction(AuditLogEvents.MemberBanAdd));
        bot.MapDelete("/guilds/{guildId}/bans/{userId}", (ulong guildId, ulong userId, DiscordState state) =>
        {
            state.Unban(guildId, userId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("bans", 5, "guildId"), new AuditAction(AuditLogEvents.MemberBanRemove));
        RoleEndpoints.Map(bot);
        MessageRouteEndpoints.Map(bot);
        GuildRouteEndpoints.Map(bot);
        AttachmentEndpoints.Map(app);
        ThreadEndpoints.Map(bot);
        ChannelEditEndpoints.Map(bot);

        bot.MapPut("/applications/{applicationId}/commands", (ulong applicationId, HttpContext http, DiscordState state) =>
            OverwriteCommandsAsync(applicationId, null, http, state)).AcceptsBody<IReadOnlyList<ApplicationCommand>>().WithMetadata(new RestBucket("commands", 5, null));
        bot.MapPut("/applications/{applicationId}/guilds/{guildId}/commands", (ulong applicationId, ulong guildId, HttpContext http, DiscordState state) =>
            OverwriteCommandsAsync(applicationId, guildId, http, state)).AcceptsBody<IReadOnlyList<ApplicationCommand>>().WithMetadata(new RestBucket("commands:guild", 5, "guildId"));
        bot.MapGet("/applications/{applicationId}/commands", (ulong applicationId, DiscordState state) =>
            TypedResults.Json(state.GetCommands(null), DiscordJsonContext.Default.IReadOnlyListApplicationCommand))
            .WithMetadata(new RestBucket("commands:get", 50, null));
        bot.MapGet("/applications/{applicationId}/guilds/{guildId}/commands", (ulong applicationId, ulong guildId, DiscordState state) =>
            TypedResults.Json(state.GetCommands(guildId), DiscordJsonContext.Default.IReadOnlyListApplicationCommand))
            .WithMetadata(new RestBucket("commands:guild:get", 50, "guildId"));
        bot.MapGet("/applications/@me", (DiscordState state, InteractionSigner signer) => TypedResults.Json(
            new Application { Id = state.ApplicationId, Name = state.Bot.Username, VerifyKey = signer.PublicKeyHex },
            DiscordJsonContext.Default.Application)).WithMetadata(new RestBucket("applications:me", 50, null));
        bot.MapGet("/users/@me/guilds", (DiscordState state) =>
            TypedResults.Json(state.GuildsOf(state.Bot.Id), DiscordJsonContext.Default.IReadOnlyListGuild)).WithMetadata(new RestBucket("users:guilds", 50, null));
        bot.MapGet("/users/@me", (DiscordState state) => TypedResults.Json(state.Bot, DiscordJsonContext.Default.User)).WithMetadata(new RestBucket("users:me", 50, null));

        // Interaction responses and follow-ups: authenticated by the interaction token, no bot token.
        api.MapPost("/interactions/{interactionId}/{token}/callback", CallbackAsync).AcceptsBody<InteractionResponse>(multipart: true).WithMetadata(new RestBucket("interaction:callback", 5, "interactionId"));
        var webhook = api.MapGroup("/webhooks/{applicationId}/{token}");
        webhook.MapGet("/messages/@original", (string token, DiscordState state) => Json(state.GetOriginal(token)))
            .WithMetadata(new RestBucket("webhook:original", 5, "token"));
        webhook.MapPatch("/messages/@original", async (string token, HttpContext http, DiscordState state) =>
        {
            var (edit, uploads) = await MessageBodyReader.ReadAsync(http, DiscordJsonContext.Default.EditMessageRequest);
            return Json(state.EditOriginal(token, edit, uploads));
        })
            .AcceptsBody<EditMessageRequest>(multipart: true).WithMetadata(new RestBucket("webhook:original", 5, "token"));
        webhook.MapDelete("/messages/@original", (string token, DiscordState state) =>
        {
            state.DeleteOriginal(token);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("webhook:original", 5, "token"));
        webhook.MapPost("", async (string token, HttpContext http, DiscordState state) =>
        {
            var (message, uploads) = await MessageBodyReader.ReadAsync(http, DiscordJsonContext.Default.CreateMessageRequest);
            return Json(state.CreateFollowup(token, message, uploads));
        })
            .AcceptsBody<CreateMessageRequest>(multipart: true).WithMetadata(new RestBucket("webhook:followup", 5, "token"));
        webhook.MapGet("/messages/{messageId}", (string token, ulong messageId, DiscordState state) => Json(state.GetFollowup(token, messageId)))
            .WithMetadata(new RestBucket("webhook:followup", 5, "token"));
        webhook.MapPatch("/messages/{messageId}", async (string token, ulong messageId, HttpContext http, DiscordState state) =>
        {
            var (edit, uploads) = await MessageBodyReader.ReadAsync(http, DiscordJsonContext.Default.EditMessageRequest);
            return Json(state.EditFollowup(token, messageId, edit, uploads));
        })
            .AcceptsBody<EditMessageRequest>(multipart: true).WithMetadata(new RestBucket("webhook:followup", 5, "token"));
        webhook.MapDelete("/messages/{messageId}", (string token, ulong messageId, DiscordState state) =>
        {
            state.DeleteFollowup(token, messageId);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("webhook:followup", 5, "token"));
    }

    private static async Task<IResult> CreateMessageAsync(ulong channelId, HttpContext http, DiscordState state)
    {
        var (request, uploads) = await MessageBodyReader.ReadAsync(http, DiscordJsonContext.Default.CreateMessageRequest);
        return Json(state.CreateMessage(channelId, state.Bot.Id, request, uploads));
    }

    private static async Task<IResult> ModifyMemberAsync(ulong guildId, ulong userId, HttpContext http, DiscordState state)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            throw new RestException(StatusCodes.Status400BadRequest, 50109, "The request body contains invalid JSON.");
        }

        using var _ = body;
        if (!body.RootElement.TryGetProperty("communication_disabled_until", out var until))
        {
            // Only timeouts are emulated; other member fields are accepted and left as they are.
            return TypedResults.Json(state.GetMember(guildId, userId), DiscordJsonContext.Default.GuildMember);
        }

        DateTimeOffset? end = until.ValueKind == JsonValueKind.Null ? null
            : until.TryGetDateTimeOffset(out var parsed) ? parsed
            : throw RestException.InvalidFormBody("communication_disabled_until: Could not parse the timestamp.");
        return TypedResults.Json(state.SetTimeout(guildId, userId, end, state.Bot.Id), DiscordJsonContext.Default.GuildMember);
    }

    private static async Task<IResult> BanAsync(ulong guildId, ulong userId, HttpContext http, DiscordState state)
    {
        var request = http.Request.ContentLength is 0 or null && http.Request.Headers.ContentType.Count == 0
            ? new CreateBanRequest()
            : await ReadAsync(http, DiscordJsonContext.Default.CreateBanRequest);
        state.Ban(guildId, userId, request.DeleteMessageSeconds ?? 0, state.Bot.Id);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> OverwriteCommandsAsync(ulong applicationId, ulong? guildId, HttpContext http, DiscordState state)
    {
        if (applicationId != state.ApplicationId)
        {
            throw new RestException(StatusCodes.Status403Forbidden, 50001, "Missing Access");
        }

        var commands = await ReadAsync(http, DiscordJsonContext.Default.IReadOnlyListApplicationCommand);
        return TypedResults.Json(state.OverwriteCommands(guildId, commands), DiscordJsonContext.Default.IReadOnlyListApplicationCommand);
    }

    private static async Task<IResult> CallbackAsync(ulong interactionId, string token, HttpContext http, DiscordState state)
    {
        var (response, uploads) = await MessageBodyReader.ReadAsync(http, DiscordJsonContext.Default.InteractionResponse);
        state.Respond(interactionId, token, response, uploads);
        return TypedResults.NoContent();
    }

    private static JsonHttpResult<Message> Json(Message message) => TypedResults.Json(message, DiscordJsonContext.Default.Message);

    /// <summary>Reads a JSON body, or fails the way Discord does (50109, or 50035 for a wrong shape).</summary>
    public static async Task<T> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted)
                ?? throw new RestException(StatusCodes.Status400BadRequest, 50109, "The request body contains invalid JSON.");
            RequestBodyLimits.Enforce(body, type);
            return body;
        }
        catch (JsonException error)
        {
            throw error.Path is null or "$"
                ? new RestException(StatusCodes.Status400BadRequest, 50109, "The request body contains invalid JSON.")
                : RestException.InvalidFormBody(error.Path.TrimStart('$', '.') + ": invalid value");
        }
    }
}
