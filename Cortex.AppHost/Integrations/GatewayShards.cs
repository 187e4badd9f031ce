using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Cortex.AppHost.Integrations;

/// <summary>
/// The gateway's shard manager on the dashboard: "Respawn shard" (asks for the shard id) and "Respawn all
/// shards" (rolling), each calling the gateway's HTTP endpoint; whichever replica answers forwards the
/// command to the owner through Redis. <c>Cortex:Gateway:Replicas</c> runs several replicas sharing the shards.
/// </summary>
public static class GatewayShards
{
    public static IResourceBuilder<ProjectResource> WithShardManager(this IResourceBuilder<ProjectResource> gateway)
    {
        var replicas = gateway.ApplicationBuilder.Configuration.GetValue("Cortex:Gateway:Replicas", 1);
        if (replicas > 1)
        {
            gateway.WithReplicas(replicas);
        }

#pragma warning disable ASPIREINTERACTION001 // Command arguments are how the dashboard asks for the shard id.
        return gateway
            .WithHttpCommand(
                "/shards/0/respawn",
                "Respawn shard",
                commandName: "respawn-shard",
                commandOptions: new HttpCommandOptions
                {
                    Description = "Drain one shard, close it resumably and bring it back by RESUME.",
                    IconName = "ArrowClockwise",
                    Arguments =
                    [
                        new InteractionInput { Name = "shard", Label = "Shard id", InputType = InputType.Number, Required = true, Value = "0" },
                    ],
                    PrepareRequest = context =>
                    {
                        var shard = int.Parse(context.Arguments["shard"].Value ?? "0", NumberStyles.None, CultureInfo.InvariantCulture);
                        context.Request.RequestUri = new Uri(context.Request.RequestUri!, $"/shards/{shard}/respawn");
                        return Task.CompletedTask;
                    },
                })
            .WithHttpCommand(
                "/shards/respawn",
                "Respawn all shards (rolling)",
                commandName: "respawn-all-shards",
                commandOptions: new HttpCommandOptions
                {
                    Description = "Respawn every shard, one at a time, each back to Ready before the next.",
                    IconName = "ArrowSync",
                    ConfirmationMessage = "Respawn every shard, one after another?",
                });
#pragma warning restore ASPIREINTERACTION001
    }
}
