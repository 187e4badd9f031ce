using System.Reflection;
using Cortex.Economy.Results;

namespace Cortex.Economy.Api;

/// <summary>
/// The <c>Idempotency-Key</c> header as the ledger stores it: <c>api:{caller}:{key}</c>. The ledger's
/// key space is shared with slash commands (<c>interaction:{id}</c>) and vote deliveries
/// (<c>vote:{id}</c>); without the namespace an HTTP caller could claim those keys (and block or
/// replay a member's command) or another caller's. The caller is the authenticated principal's
/// name, escaped so no name can reach into another's namespace; <c>anonymous</c> when there is none.
/// </summary>
public sealed record IdempotencyKeyHeader(string? Value)
{
    public const string HeaderName = "Idempotency-Key";

    public const string Prefix = "api:";

    public const string AnonymousCaller = "anonymous";

    public static ValueTask<IdempotencyKeyHeader> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? key = context.Request.Headers[HeaderName];
        return ValueTask.FromResult(new IdempotencyKeyHeader(key is null ? null : For(context.User.Identity?.Name, key)));
    }

    /// <summary>An invalid key stays as sent, so the service refuses it with the usual problem.</summary>
    public static string For(string? caller, string key) =>
        Validate.IdempotencyKey(key) is null
            ? $"{Prefix}{Uri.EscapeDataString(string.IsNullOrEmpty(caller) ? AnonymousCaller : caller)}:{key}"
            : key;
}
