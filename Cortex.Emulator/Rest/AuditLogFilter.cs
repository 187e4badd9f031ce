using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

/// <summary>Marks a moderation route whose success leaves an audit log entry of <see cref="Type"/> (see <see cref="AuditLogEvents"/>).</summary>
public sealed record AuditAction(int Type);

/// <summary>
/// Records the audit entry of a moderation route once its handler succeeded: the target from the route's
/// <c>userId</c>, the reason from <c>X-Audit-Log-Reason</c>, and for a timeout or role change the change itself.
/// </summary>
internal sealed class AuditLogFilter(DiscordState state) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>() is not { } action || result is IStatusCodeHttpResult { StatusCode: >= 300 }
            || !ulong.TryParse(http.Request.RouteValues["guildId"]?.ToString(), CultureInfo.InvariantCulture, out var guildId)
            || !ulong.TryParse(http.Request.RouteValues["userId"]?.ToString(), CultureInfo.InvariantCulture, out var userId))
        {
            return result;
        }

        state.RecordAudit(guildId, state.Bot.Id, action.Type, userId, AuditReason.Of(http), Changes(action.Type, http, guildId, userId));
        return result;
    }

    private List<AuditLogChange>? Changes(int type, HttpContext http, ulong guildId, ulong userId)
    {
        if (type == AuditLogEvents.MemberUpdate)
        {
            var until = state.GetMember(guildId, userId).CommunicationDisabledUntil;
            return [new AuditLogChange { Key = "communication_disabled_until", NewValue = until is { } value ? JsonSerializer.SerializeToElement(value.ToString("O", CultureInfo.InvariantCulture), RestRouteJsonContext.Default.String) : null }];
        }

        if (type == AuditLogEvents.MemberRoleUpdate && ulong.TryParse(http.Request.RouteValues["roleId"]?.ToString(), CultureInfo.InvariantCulture, out var roleId)
            && state.GetGuildRoles(guildId, state.Bot.Id).FirstOrDefault(r => r.Id == roleId) is { } role)
        {
            var roles = JsonSerializer.SerializeToElement(new[] { new Dictionary<string, string> { ["id"] = role.Id.ToString(), ["name"] = role.Name } },
                RestRouteJsonContext.Default.DictionaryStringStringArray);
            return [new AuditLogChange { Key = HttpMethods.IsPut(http.Request.Method) ? "$add" : "$remove", NewValue = roles }];
        }

        return null;
    }
}
