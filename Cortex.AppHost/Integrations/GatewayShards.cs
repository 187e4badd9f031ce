using System.Globalization;

namespace Cortex.AppHost.Integrations;

/// <summary>
/// The gateway's shard manager on the dashboard: "Respawn shard" (asks for the shard id) and "Respawn all
/// shards" (rolling), each calling the gateway's internal endpoint with the operator key; whichever replica answers forwards the
/// command to the owner through Redis. <c>Cortex:Gateway:Replicas</c> runs several replicas sharing the shards;
/// every other <c>Cortex:Gateway:*</c> setting is the gateway's own option of that name (section <c>Gateway</c>),
/// e.g. <c>Cortex:Gateway:ShardCount=4</c> or <c>Cortex:Gateway:LeaseTime=00:00:06</c> (see <see cref="ServiceReplicas"/>).
/// </summary>
public static class GatewayShards
{
    public const string Section = "Cortex:Gateway";

    public static IResourceBuilder<ProjectResource> WithShardManager(this IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> operatorKey)
    {
        gateway.WithReplicasFrom(Section, "Gateway");

#pragma warning disable ASPIREINTERACTION001 // Command arguments are how the dashboard asks for the shard id.
        return gateway
            .WithHttpCommand(
                "/shards/0/respawn",
                "Respawn shard",
                endpointName: ServiceSurfaces.InternalEndpoint,
                commandName: "respawn-shard",
                commandOptions: new HttpCommandOptions
                {
                    Description = "Drain one shard, close it resumably and bring it back by RESUME.",
                    IconName = "ArrowClockwise",
                    Arguments =
                    [
                        new InteractionInput { Name = "shard", Label = "Shard id", InputType = InputType.Number, Required = true, Value = "0" },
                    ],
                    PrepareRequest = async context =>
                    {
                        var shard = int.Parse(context.Arguments["shard"].Value ?? "0", NumberStyles.None, CultureInfo.InvariantCulture);
                        context.Request.RequestUri = new Uri(context.Request.RequestUri!, $"/shards/{shard}/respawn");
                        await AuthorizeAsync(context, operatorKey);
                    },
                })
            .WithHttpCommand(
                "/shards/respawn",
                "Respawn all shards (rolling)",
                endpointName: ServiceSurfaces.InternalEndpoint,
                commandName: "respawn-all-shards",
                commandOptions: new HttpCommandOptions
                {
                    Description = "Respawn every shard, one at a time, each back to Ready before the next.",
                    IconName = "ArrowSync",
                    ConfirmationMessage = "Respawn every shard, one after another?",
                    PrepareRequest = context => AuthorizeAsync(context, operatorKey),
                });
#pragma warning restore ASPIREINTERACTION001
    }

    /// <summary>The commands call the internal surface as the operator (<c>shards.operate</c>).</summary>
    public static async Task AuthorizeAsync(HttpCommandRequestContext context, IResourceBuilder<ParameterResource> operatorKey)
    {
        var key = await operatorKey.Resource.GetValueAsync(context.CancellationToken);
        context.Request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }
}
