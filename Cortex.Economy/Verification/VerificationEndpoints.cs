using Cortex.Discord.Rest;
using Cortex.ServiceDefaults.Hardening;
using Cortex.ServiceDefaults.Surfaces;
using StackExchange.Redis;

namespace Cortex.Economy.Verification;

/// <summary>
/// <c>GET /verify?token=</c> shows the confirmation page; <c>POST /verify</c> (form field
/// <c>token</c>) claims the link's nonce and grants the role. Forged links get 403, expired 410,
/// used 409; nothing is granted for any of them. The shared defense limits /verify to 5 requests a
/// minute per client and refuses it outright while Redis (the limiter and the nonces) is down.
/// </summary>
public static partial class VerificationEndpoints
{
    public const string Path = "/verify";

    public static WebApplication MapVerification(this WebApplication app)
    {
        app.MapGet(Path, Show).ServePublicly().WithTags("Verification").ExcludeFromDescription();
        app.MapPost(Path, ConfirmAsync).WithRequestBodyLimit(4 * 1024).ServePublicly().WithTags("Verification").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Show(string? token, VerificationLinks links, VerificationNonces nonces)
    {
        var refusal = Check(links, token, out var link);
        if (refusal is not null)
        {
            return refusal;
        }

        return await nonces.IsUsedAsync(link!) ? Used() : VerificationPage.Confirm(token!, link!);
    }

    private static async Task<IResult> ConfirmAsync(
        HttpRequest request, VerificationLinks links, VerificationNonces nonces, DiscordRestClient discord, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(VerificationEndpoints));
        string? token = null;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(cancellationToken);
                token = form.TryGetValue("token", out var values) && values.Count == 1 ? values[0] : null;
            }
            catch (InvalidDataException)
            {
                // A malformed or boundary-less multipart body, an undecodable form: the sender's fault.
                return VerificationPage.Refused(StatusCodes.Status400BadRequest, "Invalid form", "The form could not be read. Open the link from Discord again.");
            }
        }
        else if (request.ContentLength > 0 || request.Headers.ContentType.Count > 0)
        {
            return VerificationPage.Refused(StatusCodes.Status415UnsupportedMediaType, "Unsupported form", "Send the form as application/x-www-form-urlencoded with a token field.");
        }

        var refusal = Check(links, token, out var link);
        if (refusal is not null)
        {
            return refusal;
        }

        var valid = link!;
        if (!await nonces.TryClaimAsync(valid))
        {
            LogReplayed(logger, valid.GuildId, valid.UserId);
            return Used();
        }

        try
        {
            await discord.AddMemberRoleAsync(valid.GuildId, valid.UserId, valid.RoleId, "Member verification", cancellationToken);
        }
        catch (Exception e) when (e is DiscordRestException or HttpRequestException)
        {
            // The link was not spent: give the nonce back so the member can try again.
            await nonces.ReleaseAsync(valid);
            LogGrantFailed(logger, valid.GuildId, valid.UserId, valid.RoleId, e.Message);
            return VerificationPage.Refused(StatusCodes.Status502BadGateway, "Could not grant the role",
                "Discord refused to grant the role (the bot may lack Manage Roles, or the role is above its own). Ask a moderator.");
        }

        LogGranted(logger, valid.RoleId, valid.UserId, valid.GuildId);
        return VerificationPage.Done();
    }

    private static IResult? Check(VerificationLinks links, string? token, out VerificationLink? link)
    {
        link = null;
        if (!links.Enabled)
        {
            return VerificationPage.Refused(StatusCodes.Status503ServiceUnavailable, "Verification is off", "This deployment has no verification key.");
        }

        return links.Read(token, out link) switch
        {
            LinkCheck.Valid => null,
            LinkCheck.Expired => VerificationPage.Refused(StatusCodes.Status410Gone, "Link expired", "This verification link has expired."),
            _ => VerificationPage.Refused(StatusCodes.Status403Forbidden, "Invalid link", "This is not a valid verification link."),
        };
    }

    private static IResult Used() =>
        VerificationPage.Refused(StatusCodes.Status409Conflict, "Link already used", "This verification link has already been used.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Verification granted role {RoleId} to {UserId} in {GuildId}")]
    private static partial void LogGranted(ILogger logger, ulong roleId, ulong userId, ulong guildId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a replayed verification link for {UserId} in {GuildId}")]
    private static partial void LogReplayed(ILogger logger, ulong guildId, ulong userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not grant role {RoleId} to {UserId} in {GuildId}: {Reason}")]
    private static partial void LogGrantFailed(ILogger logger, ulong guildId, ulong userId, ulong roleId, string reason);
}
