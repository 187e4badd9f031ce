using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cortex.Economy.Api;
using Cortex.Economy.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Admin;

internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder guild)
    {
        var admin = guild.MapGroup("/admin/users/{userId}");
        admin.MapPost("/add", Add).WithName("AdminAdd").WithSummary("Give a member coins (Manage Guild, admin key).");
        admin.MapPost("/remove", Remove).WithName("AdminRemove").WithSummary("Take coins from a member's wallet (Manage Guild, admin key).");
        admin.MapPost("/reset", Reset).WithName("AdminReset").WithSummary("Zero a member's wallet and bank (Manage Guild, admin key).");
        return guild;
    }

    private static Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> Add(
        long guildId, long userId, AdminBody body, HttpRequest request, IdempotencyKeyHeader idempotencyKey,
        IOptions<ApiOptions> options, AdminService admin, CancellationToken cancellationToken) =>
        AuthorizedAsync(request, body, options.Value, () => admin.AddAsync(guildId, body.AdminId, userId, body.Amount, idempotencyKey.Value, cancellationToken));

    private static Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> Remove(
        long guildId, long userId, AdminBody body, HttpRequest request, IdempotencyKeyHeader idempotencyKey,
        IOptions<ApiOptions> options, AdminService admin, CancellationToken cancellationToken) =>
        AuthorizedAsync(request, body, options.Value, () => admin.RemoveAsync(guildId, body.AdminId, userId, body.Amount, idempotencyKey.Value, cancellationToken));

    private static Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> Reset(
        long guildId, long userId, AdminBody body, HttpRequest request, IdempotencyKeyHeader idempotencyKey,
        IOptions<ApiOptions> options, AdminService admin, CancellationToken cancellationToken) =>
        AuthorizedAsync(request, body, options.Value, () => admin.ResetAsync(guildId, body.AdminId, userId, idempotencyKey.Value, cancellationToken));

    private static async Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> AuthorizedAsync(
        HttpRequest request, AdminBody body, ApiOptions options, Func<Task<EconomyResult<AdjustmentReceipt>>> adjust)
    {
        if (Authorize(request, body, options) is { } refused)
        {
            return Problems.From(refused);
        }

        var result = await adjust();
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }

    /// <summary>The caller proves it is trusted (admin key) and vouches that the acting member holds Manage Guild.</summary>
    private static EconomyError? Authorize(HttpRequest request, AdminBody body, ApiOptions options)
    {
        var presented = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var keyMatches = options.AdminKey.Length > 0
            && presented.StartsWith(scheme, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented[scheme.Length..]), Encoding.UTF8.GetBytes(options.AdminKey));
        if (!keyMatches)
        {
            return new EconomyError(EconomyErrorCode.Forbidden, "Admin endpoints need the admin key as a Bearer token.");
        }

        return ulong.TryParse(body.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var permissions) && Permissions.CanManageGuild(permissions)
            ? null
            : new EconomyError(EconomyErrorCode.Forbidden, "This needs the Manage Guild permission.");
    }
}
