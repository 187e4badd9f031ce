using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// The control API under <c>/control</c>: builds the world (users, guilds, channels, roles, members,
/// messages) and steers gateway connections (close with a code or abort, stop ACKing heartbeats,
/// op 7 / op 9 / op 1, added latency, firehose). For tests, the load harness and the chat page.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control").WithTags("Emulator control");
        control.MapPost("/users", async (HttpRequest http, WorldControl world) =>
            await Body(http, Json.CreateUserRequest) is { } request ? CreateUser(request, world) : InvalidBody());
        control.MapPost("/guilds", async (HttpRequest http, WorldControl world) =>
            await Body(http, Json.CreateGuildRequest) is { } request ? CreateGuild(request, world) : InvalidBody());
        control.MapPost("/guilds/{guildId}/channels", async (string guildId, HttpRequest http, WorldControl world) =>
            await Body(http, Json.CreateChannelRequest) is { } request ? CreateChannel(guildId, request, world) : InvalidBody());
        control.MapPost("/guilds/{guildId}/roles", async (string guildId, HttpRequest http, WorldControl world) =>
            await Body(http, Json.CreateRoleRequest) is { } request ? CreateRole(guildId, request, world) : InvalidBody());
        control.MapPost("/guilds/{guildId}/members", async (string guildId, HttpRequest http, WorldControl world) =>
            await Body(http, Json.AddMemberRequest) is { } request ? AddMember(guildId, request, world) : InvalidBody());
        control.MapPost("/messages", async (HttpRequest http, WorldControl world) =>
            await Body(http, Json.CreateMessageRequest) is { } request ? CreateMessage(request, world) : InvalidBody());

        var gateway = control.MapGroup("/gateway");
        gateway.MapPost("/dispatch", async (HttpRequest http, GatewayHub hub) =>
            await Body(http, Json.DispatchRequest) is { } request ? Dispatch(request, hub) : InvalidBody());
        gateway.MapGet("/connections", (GatewayHub hub) => TypedResults.Json(hub.Connections.Select(View).ToArray(), Json.ConnectionViewArray));
        gateway.MapGet("/sessions", (GatewayHub hub) => TypedResults.Json(
            hub.Sessions.Select(s => new SessionView(s.Id, s.ShardId, s.ShardCount, s.Sequence, s.IsConnected, (int)s.Intents)).ToArray(),
            Json.SessionViewArray));
        gateway.MapPost("/connections/{id:int}/close", async (int id, HttpRequest http, GatewayHub hub) =>
            await Body(http, Json.CloseRequest) is { } request
                ? OnConnection(hub, id, c =>
                {
                    if (request.Abort)
                    {
                        c.Abort();
                    }
                    else
                    {
                        c.Close(request.Code ?? 4000, "Closed by the emulator's control API.");
                    }
                })
                : InvalidBody());
        gateway.MapPost("/connections/{id:int}/heartbeat-acks", async (int id, HttpRequest http, GatewayHub hub) =>
            await Body(http, Json.ToggleRequest) is { } request ? OnConnection(hub, id, c => c.AckHeartbeats = request.Enabled) : InvalidBody());
        gateway.MapPost("/connections/{id:int}/latency", async (int id, HttpRequest http, GatewayHub hub) =>
            await Body(http, Json.LatencyRequest) is { Milliseconds: >= 0 } request
                ? OnConnection(hub, id, c => c.AddedLatency = TimeSpan.FromMilliseconds(request.Milliseconds))
                : Invalid("The body must be {\"milliseconds\": n} with n >= 0."));
        gateway.MapPost("/connections/{id:int}/reconnect", (int id, GatewayHub hub) => OnConnection(hub, id, c => c.SendReconnect()));
        gateway.MapPost("/connections/{id:int}/invalid-session", async (int id, HttpRequest http, GatewayHub hub) =>
            await Body(http, Json.InvalidSessionRequest) is { } request ? OnConnection(hub, id, c => c.SendInvalidSession(request.Resumable)) : InvalidBody());
        gateway.MapPost("/connections/{id:int}/heartbeat-request", (int id, GatewayHub hub) => OnConnection(hub, id, c => c.RequestHeartbeat()));
        gateway.MapPost("/connections/{id:int}/firehose", async (int id, HttpRequest http, GatewayHub hub, FirehoseMixes mixes, IHostApplicationLifetime lifetime) =>
            await Body(http, Json.FirehoseRequest) is { } request ? await FirehoseAsync(id, request, hub, mixes, lifetime.ApplicationStopping) : InvalidBody());
    }

    // Past a few hundred thousand a second no client keeps up: a pace that high is the unpaced firehose with extra timer checks.
    private const int MaxEventsPerSecond = 1_000_000;

    private static EmulatorGatewayJsonContext Json => EmulatorGatewayJsonContext.Default;

    // Bodies are read with the source-generated context, so the control API speaks snake_case like Discord.
    private static async Task<T?> Body<T>(HttpRequest http, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(http.Body, type, http.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProblemHttpResult InvalidBody() => Invalid("The request body is missing or is not the JSON this route takes.");

    private static Results<FileContentHttpResult, ProblemHttpResult> CreateUser(CreateUserRequest request, WorldControl world) =>
        Attempt(() =>
        {
            ControlRules.User(request);
            var user = world.CreateUser(request.Username, request.GlobalName, request.Bot);
            return DiscordJson.ToBytes(w => DiscordJson.WriteUser(w, user));
        });

    private static Results<FileContentHttpResult, ProblemHttpResult> CreateGuild(CreateGuildRequest request, WorldControl world) =>
        Attempt(() =>
        {
            ControlRules.Guild(request);
            var guild = world.CreateGuild(request.Name, request.OwnerId is null ? null : Snowflake(request.OwnerId));
            return world.GuildCreateJson(guild.Id);
        });

    private static Results<FileContentHttpResult, ProblemHttpResult> CreateChannel(string guildId, CreateChannelRequest request, WorldControl world) =>
        Attempt(() =>
        {
            ControlRules.Channel(request);
            var channel = world.CreateChannel(Snowflake(guildId), request.Name, request.Type ?? WorldChannel.GuildText, request.ParentId is null ? null : Snowflake(request.ParentId));
            return DiscordJson.ToBytes(w => DiscordJson.WriteChannel(w, channel));
        });

    private static Results<FileContentHttpResult, ProblemHttpResult> CreateRole(string guildId, CreateRoleRequest request, WorldControl world) =>
        Attempt(() =>
        {
            ControlRules.Role(request);
            var permissions = request.Permissions is null ? 0 : Snowflake(request.Permissions);
            if (request.Position is < 1)
            {
                throw new ArgumentException("position must be at least 1 (0 is @everyone's).");
            }

            var role = world.CreateRole(Snowflake(guildId), request.Name, permissions, request.Color, request.Position, request.Managed);
            return DiscordJson.ToBytes(w => DiscordJson.WriteRole(w, role));
        });

    private static Results<FileContentHttpResult, ProblemHttpResult> AddMember(string guildId, AddMemberRequest request, WorldControl world) =>
        Attempt(() =>
        {
            var member = world.AddMember(Snowflake(guildId), Snowflake(request.UserId), request.RoleIds?.Select(Snowflake).ToArray());
            return DiscordJson.ToBytes(w => DiscordJson.WriteMember(w, member, world.GetUser(member.UserId)));
        });

    private static Results<FileContentHttpResult, ProblemHttpResult> CreateMessage(CreateMessageRequest request, WorldControl world) =>
        Attempt(() =>
        {
            ControlRules.Message(request);
            var message = world.CreateMessage(Snowflake(request.ChannelId), Snowflake(request.AuthorId), request.Content);
            var author = world.GetUser(message.AuthorId)!;
            var member = message.GuildId is { } guild ? world.GetMember(guild, message.AuthorId) : null;
            return DiscordJson.ToBytes(w => DiscordJson.WriteMessage(w, message, author, member));
        });

    private static Results<JsonHttpResult<DispatchResult>, ProblemHttpResult> Dispatch(DispatchRequest request, GatewayHub hub)
    {
        if (string.IsNullOrWhiteSpace(request.Type) || request.Data.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return Invalid("A dispatch needs a type and an object as data.");
        }

        ulong? guildId = null;
        if (request.GuildId is not null)
        {
            if (!ulong.TryParse(request.GuildId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Invalid($"'{request.GuildId}' is not a snowflake.");
            }

            guildId = parsed;
        }

        var data = System.Text.Encoding.UTF8.GetBytes(request.Data.GetRawText());
        return TypedResults.Json(new DispatchResult(hub.Inject(request.Type, guildId, request.ShardId, data)), Json.DispatchResult);
    }

    // Answers once the connection's writer has encoded and compressed the round, just before it sends the first event:
    // a client that starts its clock at the answer measures its own reading, never the producer.
    private static async Task<Results<JsonHttpResult<FirehoseResult>, ProblemHttpResult>> FirehoseAsync(int id, FirehoseRequest request, GatewayHub hub, FirehoseMixes mixes, CancellationToken stopping)
    {
        if (request.Count is < 1 or > 10_000_000)
        {
            return Invalid("The firehose sends between 1 and 10,000,000 events.");
        }

        if (request.EventsPerSecond is < 1 or > MaxEventsPerSecond)
        {
            return Invalid("events_per_second paces the firehose at 1 to 1,000,000 events a second on the connection; leave it out for no pace.");
        }

        if (mixes.Find(request.Mix) is not { } mix)
        {
            return Invalid($"No firehose mix '{request.Mix}'; known: {string.Join(", ", mixes.Names)}.");
        }

        if (hub.FindConnection(id) is not { Session: { } session })
        {
            return TypedResults.Problem($"No identified gateway connection {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        var (first, round) = session.DispatchRound(mix, request.Count, request.EventsPerSecond);
        var ended = TypedResults.Problem($"Gateway connection {id} ended before the firehose was ready.", statusCode: StatusCodes.Status409Conflict);
        if (round is null)
        {
            return ended;
        }

        try
        {
            var bytes = await round.Prepared.WaitAsync(stopping);
            return TypedResults.Json(new FirehoseResult(id, request.Count, first, bytes), Json.FirehoseResult, statusCode: StatusCodes.Status202Accepted);
        }
        catch (OperationCanceledException)
        {
            return ended;
        }
    }

    private static Results<NoContent, ProblemHttpResult> OnConnection(GatewayHub hub, int id, Action<GatewayClientConnection> action)
    {
        if (hub.FindConnection(id) is not { } connection)
        {
            return TypedResults.Problem($"No gateway connection {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        action(connection);
        return TypedResults.NoContent();
    }

    private static ConnectionView View(GatewayClientConnection c) => new(
        c.Id,
        c.Session?.Id,
        c.Session?.ShardId,
        c.Session?.ShardCount,
        GatewayEncodings.QueryValue(c.Encoding),
        TransportCompressions.QueryValue(c.Compression),
        c.ViaResumeUrl,
        c.AckHeartbeats,
        (int)c.AddedLatency.TotalMilliseconds,
        c.HeartbeatsReceived,
        c.Backlog,
        c.ConnectedAt);

    private static Results<FileContentHttpResult, ProblemHttpResult> Attempt(Func<byte[]> action)
    {
        try
        {
            return TypedResults.File(action(), "application/json");
        }
        catch (Cortex.Emulator.Rest.RestException ex)
        {
            return ex.ToProblem();
        }
        catch (Exception ex) when (ex is WorldException or ArgumentException or FormatException)
        {
            return Invalid(ex.Message);
        }
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    private static ulong Snowflake(string value) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FormatException($"'{value}' is not a snowflake.");
}
