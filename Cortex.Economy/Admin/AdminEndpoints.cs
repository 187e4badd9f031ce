using System.Globalization;
using Cortex.Economy.Api;
using Cortex.Economy.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cortex.Economy.Admin;

internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder guild)
    {
        var admin = guild.MapGroup("/admin/users/{userId}");
        admin.MapPost("/add", Add).WithName("AdminAdd").WithSummary("Give a member coins (Manage Guild, economy.write).");
        admin.MapPost("/remove", Remove).WithName("AdminRemove").WithSummary("Take coins from a member's wallet (Manage Guild, economy.write).");
        admin.MapPost("/reset", Reset).WithName("AdminReset").WithSummary("Zero a member's wallet and bank (Manage Guild, economy.write).");
        return guild;
    }

    private static Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> Add(
        long guildId, long userId, AdminBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        AdminService admin, CancellationToken cancellationToken) =>
        AuthorizedAsync(body, () => admin.AddAsync(guildId, body.AdminId, userId, body.Amount, idempotencyKey, cancellationToken));

    private static Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> Remove(
        long guildId, long userId, AdminBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        AdminService admin, CancellationToken cancellationToken) =>
        AuthorizedAsync(body, () => admin.RemoveAsync(guildId, body.AdminId, userId, body.Amount, idempotencyKey, cancellationToken));

    private static Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> Reset(
        long guildId, long userId, AdminBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        AdminService admin, CancellationToken cancellationToken) =>
        body.Amount != 0
            ? Task.FromResult<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>>(Problems.From(new EconomyError(EconomyErrorCode.InvalidAmount, "A reset takes no amount: leave amount out (or 0).")))
            : AuthorizedAsync(body, () => admin.ResetAsync(guildId, body.AdminId, userId, idempotencyKey, cancellationToken));

    private static async Task<Results<Ok<AdjustmentReceipt>, ProblemHttpResult>> AuthorizedAsync(
        AdminBody body, Func<Task<EconomyResult<AdjustmentReceipt>>> adjust)
    {
        if (Authorize(body) is { } refused)
        {
            return Problems.From(refused);
        }

        var result = await adjust();
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }

    /// <summary>
    /// The caller is already trusted (its API key holds <c>economy.write</c>, checked by the route's policy);
    /// it vouches that the acting member holds Manage Guild, which is checked here.
    /// </summary>
    private static EconomyError? Authorize(AdminBody body)
    {
        return ulong.TryParse(body.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var permissions) && Permissions.CanManageGuild(permissions)
            ? null
            : new EconomyError(EconomyErrorCode.Forbidden, "This needs the Manage Guild permission.");
    }
}
