using System.Text.Json;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Leases;
using Cortex.Gateway.Respawn;
using Cortex.Gateway.Sessions;
using Cortex.Gateway.Sharding;
using Cortex.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Cortex.Gateway.Status;

/// <summary>The operator's view: GET /shards, and the respawn commands the dashboard calls (internal port, <c>shards.operate</c>).</summary>
internal static class ShardEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var shards = app.MapGroup("/shards").WithTags("Shards").RequireAuthorization(CortexScopes.ShardsOperate);
        shards.MapGet("/", GetShardsAsync);
        shards.MapPost("/{shardId:int}/respawn", RespawnAsync);
        shards.MapPost("/respawn", RollingRespawnAsync);
    }

    private static async Task<Results<JsonHttpResult<ShardsView>, ProblemHttpResult>> GetShardsAsync(
        ShardManager manager, ShardLeases leases, IConnectionMultiplexer redis, GatewayKeys keys, GuildCache cache, TimeProvider time)
    {
        if (manager.Plan is not { } plan)
        {
            return NotReady(manager);
        }

        var owners = await leases.OwnersAsync(plan.ShardCount);
        var database = redis.GetDatabase();
        // Per shard, pipelined: each shard's keys are in its own cluster slot.
        var sessions = Task.WhenAll(Enumerable.Range(0, plan.ShardCount).Select(id => database.StringGetAsync(keys.Session(id))));
        var reports = Task.WhenAll(Enumerable.Range(0, plan.ShardCount).Select(id => database.StringGetAsync(keys.Report(id))));
        await Task.WhenAll(sessions, reports);
        var now = time.GetUtcNow();
        var views = new List<ShardStatusView>(plan.ShardCount);
        for (var id = 0; id < plan.ShardCount; id++)
        {
            var stored = sessions.Result[id].IsNullOrEmpty ? null : StoredSession.Deserialize((byte[])sessions.Result[id]!);

            // A shard running here is reported live; any other from its owner's last report. A report by a replica
            // that no longer holds the lease is the previous owner's and is left out (the new owner reports within a tick).
            var local = manager.Worker(id) is { } worker ? ShardReporter.Of(worker, cache, manager.ReplicaId, now) : null;
            var remote = local is null && owners[id] != manager.ReplicaId && !reports.Result[id].IsNullOrEmpty
                ? JsonSerializer.Deserialize((byte[])reports.Result[id]!, ShardReportJson.Default.ShardReport)
                : null;
            var report = local ?? (remote is not null && (owners[id] is null || owners[id] == remote.Replica) ? remote : null);
            views.Add(new ShardStatusView(
                id,
                owners[id],
                owners[id] == manager.ReplicaId,
                report?.Status,
                report?.LatencyMs,
                report?.Guilds,
                stored is null ? null : (now - DateTimeOffset.FromUnixTimeMilliseconds(stored.SavedAt)).TotalMilliseconds,
                stored?.LastSeq,
                report?.Identifies,
                report?.Resumes,
                report?.LastEventAt is { } last ? Math.Max(0, now.ToUnixTimeMilliseconds() - last) : null,
                report?.StopReason,
                report?.Replica,
                report is null ? null : Math.Max(0, now.ToUnixTimeMilliseconds() - report.ReportedAt)));
        }

        return TypedResults.Json(new ShardsView(manager.ReplicaId, plan.ShardCount, plan.MaxConcurrency, views), StatusJson.Default.ShardsView);
    }

    private static async Task<Results<JsonHttpResult<RespawnAccepted>, ProblemHttpResult>> RespawnAsync(
        int shardId, ShardManager manager, ShardLeases leases, RespawnRequests requests)
    {
        if (manager.Plan is not { } plan)
        {
            return NotReady(manager);
        }

        if (shardId < 0 || shardId >= plan.ShardCount)
        {
            return TypedResults.Problem($"There is no shard {shardId}: the bot runs shards 0 to {plan.ShardCount - 1}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown shard");
        }

        var owner = (await leases.OwnersAsync(plan.ShardCount))[shardId];
        if (owner is null)
        {
            return TypedResults.Problem($"Shard {shardId} has no owner right now; a replica will start it at its next lease tick.", statusCode: StatusCodes.Status409Conflict, title: "Shard not running");
        }

        await requests.PublishRespawnAsync(shardId);
        return TypedResults.Json(new RespawnAccepted("respawn", shardId, owner), StatusJson.Default.RespawnAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<Results<JsonHttpResult<RespawnAccepted>, ProblemHttpResult>> RollingRespawnAsync(ShardManager manager, RespawnRequests requests)
    {
        if (manager.Plan is null)
        {
            return NotReady(manager);
        }

        await requests.PublishRollingRespawnAsync();
        return TypedResults.Json(new RespawnAccepted("rolling-respawn", null, null), StatusJson.Default.RespawnAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    private static ProblemHttpResult NotReady(ShardManager manager) =>
        TypedResults.Problem(manager.PlanError ?? "The shard plan is not resolved yet.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Shards not started");
}
