using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.Discord.Rest;

/// <summary>
/// Discord's REST API, v10: the typed calls Cortex makes, each through per-route rate-limit buckets,
/// the bot's global limit and the invalid-request guard. A 429 is waited out for exactly the
/// <c>retry_after</c> Discord asks (never retried blindly); other errors throw
/// <see cref="DiscordRestException"/> with Discord's code and message.
/// </summary>
public sealed partial class DiscordRestClient
{
    /// <summary>The User-Agent format Discord documents: <c>DiscordBot ($url, $versionNumber)</c>.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/cortex-bot/cortex, 1.0)";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly RateLimitBuckets _buckets;
    private readonly IGlobalRateLimiter _global;
    private readonly InvalidRequestGuard _guard;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _logger;

    public DiscordRestClient(
        HttpClient http,
        IOptions<DiscordOptions> options,
        IGlobalRateLimiter global,
        InvalidRequestGuard guard,
        TimeProvider time,
        ILogger<DiscordRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _global = global;
        _guard = guard;
        _time = time;
        _logger = logger;
        _buckets = new RateLimitBuckets(time, _options.MaxRateLimitBuckets);
        _http.BaseAddress = _options.RestBaseAddress;
    }

    /// <summary>The buckets learned so far (for diagnostics and tests).</summary>
    public RateLimitBuckets Buckets => _buckets;

    public Task<Message> CreateMessageAsync(Snowflake channelId, CreateMessageRequest message, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.CreateMessage(channelId), message, DiscordJsonContext.Default.CreateMessageRequest,
            DiscordJsonContext.Default.Message, null, cancellationToken);

    public Task DeleteMessageAsync(Snowflake channelId, Snowflake messageId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.DeleteMessage(channelId, messageId), reason, cancellationToken);

    /// <summary>Answers an interaction (within 3 s of receiving it): a message, a deferral, or a PONG.</summary>
    public Task CreateInteractionResponseAsync(Snowflake interactionId, string token, InteractionResponse response, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.InteractionCallback(interactionId, token), response, DiscordJsonContext.Default.InteractionResponse, cancellationToken);

    public Task<Message> EditOriginalResponseAsync(Snowflake applicationId, string token, EditMessageRequest edit, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.OriginalResponse(HttpMethod.Patch, applicationId, token), edit, DiscordJsonContext.Default.EditMessageRequest,
            DiscordJsonContext.Default.Message, null, cancellationToken);

    public Task DeleteOriginalResponseAsync(Snowflake applicationId, string token, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.OriginalResponse(HttpMethod.Delete, applicationId, token), null, cancellationToken);

    public Task<Message> CreateFollowupAsync(Snowflake applicationId, string token, CreateMessageRequest message, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.CreateFollowup(applicationId, token), message, DiscordJsonContext.Default.CreateMessageRequest,
            DiscordJsonContext.Default.Message, null, cancellationToken);

    public Task<Message> EditFollowupAsync(Snowflake applicationId, string token, Snowflake messageId, EditMessageRequest edit, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.Followup(HttpMethod.Patch, applicationId, token, messageId), edit, DiscordJsonContext.Default.EditMessageRequest,
            DiscordJsonContext.Default.Message, null, cancellationToken);

    public Task DeleteFollowupAsync(Snowflake applicationId, string token, Snowflake messageId, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.Followup(HttpMethod.Delete, applicationId, token, messageId), null, cancellationToken);

    /// <summary>Times a member out until <paramref name="until"/> (at most 28 days ahead), or lifts the timeout with null.</summary>
    public Task<GuildMember> TimeoutMemberAsync(Snowflake guildId, Snowflake userId, DateTimeOffset? until, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.ModifyMember(guildId, userId), new ModifyMemberTimeoutRequest { CommunicationDisabledUntil = until },
            DiscordJsonContext.Default.ModifyMemberTimeoutRequest, DiscordJsonContext.Default.GuildMember, reason, cancellationToken);

    public Task BanAsync(Snowflake guildId, Snowflake userId, int deleteMessageSeconds = 0, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.Ban(HttpMethod.Put, guildId, userId), new CreateBanRequest { DeleteMessageSeconds = deleteMessageSeconds },
            DiscordJsonContext.Default.CreateBanRequest, reason, cancellationToken);

    public Task UnbanAsync(Snowflake guildId, Snowflake userId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.Ban(HttpMethod.Delete, guildId, userId), reason, cancellationToken);

    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(Snowflake applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.GlobalCommands(applicationId), commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand,
            DiscordJsonContext.Default.IReadOnlyListApplicationCommand, null, cancellationToken);

    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(Snowflake applicationId, Snowflake guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default) =>
        SendAsync(DiscordRoutes.GuildCommands(applicationId, guildId), commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand,
            DiscordJsonContext.Default.IReadOnlyListApplicationCommand, null, cancellationToken);

    public Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        SendAsync<object, GatewayBot>(DiscordRoutes.GatewayBot(), null, null, DiscordJsonContext.Default.GatewayBot, null, cancellationToken);

    /// <summary>The bot's application (its id is needed for commands and follow-ups).</summary>
    public Task<Application> GetCurrentApplicationAsync(CancellationToken cancellationToken = default) =>
        SendAsync<object, Application>(DiscordRoutes.CurrentApplication(), null, null, DiscordJsonContext.Default.Application, null, cancellationToken);

    /// <summary>The guilds the bot is in (partial guilds: id and name), the first 200.</summary>
    public Task<IReadOnlyList<Guild>> GetCurrentUserGuildsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<object, IReadOnlyList<Guild>>(DiscordRoutes.CurrentUserGuilds(), null, null, DiscordJsonContext.Default.IReadOnlyListGuild, null, cancellationToken);

    private async Task SendAsync(DiscordRoute route, string? reason, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(route, null, reason, cancellationToken);
    }

    private async Task SendAsync<TBody>(DiscordRoute route, TBody body, JsonTypeInfo<TBody> bodyType, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(route, () => JsonContent.Create(body, bodyType, Json), null, cancellationToken);
    }

    private async Task SendAsync<TBody>(DiscordRoute route, TBody body, JsonTypeInfo<TBody> bodyType, string? reason, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(route, () => JsonContent.Create(body, bodyType, Json), reason, cancellationToken);
    }

    private async Task<TResult> SendAsync<TBody, TResult>(DiscordRoute route, TBody? body, JsonTypeInfo<TBody>? bodyType,
        JsonTypeInfo<TResult> resultType, string? reason, CancellationToken cancellationToken)
    {
        Func<HttpContent>? content = bodyType is null ? null : () => JsonContent.Create(body!, bodyType, Json);
        using var response = await ExchangeAsync(route, content, reason, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, resultType, cancellationToken)
            ?? throw new DiscordRestException(response.StatusCode, 0, "empty response body", route.ToString());
    }

    /// <summary>Sends one call through its bucket and the global limit, waiting out 429s; returns a success response.</summary>
    private async Task<HttpResponseMessage> ExchangeAsync(DiscordRoute route, Func<HttpContent>? content, string? reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            _guard.ThrowIfExhausted();
            var bucket = _buckets.For(route);
            HttpResponseMessage response;
            RateLimitHeaders headers;
            using (await bucket.EnterAsync(cancellationToken))
            {
                // A timer can fire a hair before the wall clock reaches the reset: check again.
                for (var delay = bucket.DelayBeforeSend(); delay > TimeSpan.Zero; delay = bucket.DelayBeforeSend())
                {
                    LogBucketWait(_logger, route.RouteKey, bucket.Key, delay.TotalMilliseconds);
                    await Task.Delay(delay, _time, cancellationToken);
                }

                // Interaction responses and follow-ups are not bound to the bot's global limit.
                GlobalSlot? slot = route.IsInteraction ? null : await _global.AcquireAsync(cancellationToken);

                bucket.OnSend();
                using var request = new HttpRequestMessage(route.Method, route.Path) { Content = content?.Invoke() };
                // What logs and traces show instead of the path, which may carry an interaction token.
                request.Options.Set(DiscordRoute.RequestOption, route);
                request.Options.Set(DiscordRoute.RedactedUrlOption, new Uri(_options.RestBaseAddress, route.RedactedPath).ToString());
                if (!route.IsInteraction)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
                }

                request.Headers.UserAgent.ParseAdd(UserAgent);
                if (reason is not null)
                {
                    request.Headers.Add("X-Audit-Log-Reason", Uri.EscapeDataString(reason));
                }

                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                }
                finally
                {
                    if (slot is { } taken)
                    {
                        await _global.CompleteAsync(taken, CancellationToken.None);
                    }
                }
                headers = RateLimitHeaders.Parse(response.Headers);
                if (headers.Bucket is { } hash)
                {
                    _buckets.Learn(route, bucket, hash);
                }

                bucket.Update(headers);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    _guard.Record();
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw await ErrorAsync(response, route, cancellationToken);
                }

                var limited = await ReadRateLimitAsync(response, headers, cancellationToken);
                if (limited.Scope != RateLimitScope.Shared)
                {
                    _guard.Record();
                }

                LogRateLimited(_logger, route.RouteKey, limited.Scope, limited.RetryAfter.TotalMilliseconds, attempt);
                if (limited.Global)
                {
                    await _global.BlockAsync(limited.RetryAfter, cancellationToken);
                }
                else
                {
                    bucket.BlockFor(limited.RetryAfter);
                }

                if (attempt >= _options.MaxRateLimitRetries || limited.RetryAfter > _options.MaxRetryAfter)
                {
                    throw new DiscordRateLimitedException(route.ToString(), limited.RetryAfter, limited.Scope, limited.Global);
                }
            }
        }
    }

    private static async Task<(TimeSpan RetryAfter, RateLimitScope Scope, bool Global)> ReadRateLimitAsync(
        HttpResponseMessage response, RateLimitHeaders headers, CancellationToken cancellationToken)
    {
        RateLimitBody? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.RateLimitBody, cancellationToken);
        }
        catch (JsonException)
        {
            // A 429 from Cloudflare in front of Discord is not JSON; the headers still tell the wait.
        }

        var global = body?.Global == true || headers.Global;
        var retryAfter = body is { RetryAfter: > 0 } ? TimeSpan.FromSeconds(body.RetryAfter)
            : response.Headers.RetryAfter?.Delta ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);
        return (retryAfter, headers.Scope ?? (global ? RateLimitScope.Global : RateLimitScope.User), global);
    }

    private static async Task<DiscordRestException> ErrorAsync(HttpResponseMessage response, DiscordRoute route, CancellationToken cancellationToken)
    {
        DiscordErrorBody? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.DiscordErrorBody, cancellationToken);
        }
        catch (JsonException)
        {
        }

        return new DiscordRestException(response.StatusCode, body?.Code ?? 0, body?.Message ?? response.ReasonPhrase ?? "error",
            route.ToString(), body?.Errors);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting {DelayMs} ms for bucket {Bucket} of {Route}")]
    private static partial void LogBucketWait(ILogger logger, string route, string bucket, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limited on {Route} (scope {Scope}), retry after {RetryAfterMs} ms (attempt {Attempt})")]
    private static partial void LogRateLimited(ILogger logger, string route, RateLimitScope scope, double retryAfterMs, int attempt);
}
