using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Chat;

/// <summary>
/// The chat page: a person picks a server, a channel and a fake user, chats, runs slash commands, clicks
/// buttons, submits select menus and modals, and sees messages, embeds, ephemeral replies, deletions and
/// timeouts live (server-sent events).
/// </summary>
public static class ChatEndpoints
{
    public const string Path = "/chat";

    public static WebApplication MapChat(this WebApplication app)
    {
        app.MapGet(Path, () => TypedResults.Content(ChatPage.Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet(ChatSurfaces.Path, () => TypedResults.Content(ChatSurfaces.Script, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet(ChatModal.Path, () => TypedResults.Content(ChatModal.Script, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        var api = app.MapGroup(Path + "/api").AddEndpointFilter<RestErrorFilter>().WithTags("Emulator chat page");
        api.MapGet("/snapshot", (DiscordState state) => TypedResults.Json(state.ChatSnapshot(), EmulatorRestJsonContext.Default.ChatSnapshot));
        // The newest messages, 50 unless asked for up to 100, as Discord's GET /channels/{id}/messages.
        api.MapGet("/channels/{channelId}/messages", (ulong channelId, ulong? viewer, int? limit, DiscordState state) =>
            TypedResults.Json(state.GetMessages(channelId, viewer, Math.Clamp(limit ?? 50, 1, 100)), DiscordJsonContext.Default.IReadOnlyListMessage));
        api.MapPost("/messages", async (HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.ChatSendRequest);
            var message = state.CreateMessage(request.ChannelId, request.UserId, new CreateMessageRequest { Content = request.Content });
            return TypedResults.Json(message, DiscordJsonContext.Default.Message);
        });
        api.MapPost("/dms", async (HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.UserRequest);
            var dm = state.GetOrCreateDmChannel(request.UserId);
            return TypedResults.Json(dm with { ParentId = null, Recipients = [state.FindUser(request.UserId)!] }, DiscordJsonContext.Default.Channel);
        });
        api.MapPost("/threads", async (HttpContext http, DiscordState state) =>
        {
            var request = await RestEndpoints.ReadAsync(http, WorldJsonContext.Default.ChatThreadRequest);
            var thread = state.StartThread(request.ChannelId, request.MessageId, new StartThreadRequest { Name = request.Name, Type = request.Type }, request.UserId);
            return TypedResults.Json(thread, DiscordJsonContext.Default.Channel, statusCode: StatusCodes.Status201Created);
        });
        api.MapPost("/commands", RestControlEndpoints.RunCommandAsync);
        api.MapPost("/components", RestControlEndpoints.ClickAsync);
        api.MapPost("/modal-submit", InteractionControlEndpoints.SubmitModalAsync);
        api.MapGet("/events", (ulong? viewer, EmulatorDispatches dispatches, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Events(dispatches, viewer, cancellationToken)));
        return app;
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(EmulatorDispatches dispatches, ulong? viewer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = System.Threading.Channels.Channel.CreateBounded<EmulatorDispatch>(new System.Threading.Channels.BoundedChannelOptions(1000) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest });
        void OnDispatch(EmulatorDispatch dispatch)
        {
            if (dispatch.VisibleTo is null || dispatch.VisibleTo == viewer)
            {
                queue.Writer.TryWrite(dispatch);
            }
        }

        dispatches.Dispatched += OnDispatch;
        try
        {
            yield return new SseItem<string>("{}", "ready");
            await foreach (var dispatch in queue.Reader.ReadAllAsync(cancellationToken))
            {
                yield return new SseItem<string>(Json(dispatch), "dispatch");
            }
        }
        finally
        {
            dispatches.Dispatched -= OnDispatch;
        }
    }

    private static string Json(EmulatorDispatch dispatch)
    {
        var buffer = new ArrayBufferWriter<byte>(dispatch.Data.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t", dispatch.Type);
            writer.WriteBoolean("ephemeral", dispatch.VisibleTo is not null);
            writer.WritePropertyName("d");
            writer.WriteRawValue(dispatch.Data.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
