using Microsoft.Extensions.Configuration;

namespace Cortex.AppHost.Integrations;

/// <summary>
/// How many copies of a service run, and the operator's settings for it, from one configuration section:
/// <c>Cortex:{Service}:Replicas</c> (gateway, economy, ai) runs that many replicas (<c>WithReplicas</c>), and
/// every other <c>Cortex:{Service}:*</c> setting is the service's own option of that name, e.g.
/// <c>Cortex:Economy:Caching:BalanceTtl=00:02:00</c> becomes <c>Economy:Caching:BalanceTtl</c>.
/// Replicas share the work through Redis consumer groups and PostgreSQL; per-process state is rebuildable
/// or announced to the other replicas (docs/economy.md, docs/ai.md).
/// </summary>
public static class ServiceReplicas
{
    public const string ReplicasKey = "Replicas";

    public const string EconomySection = "Cortex:Economy";

    public const string AiSection = "Cortex:Ai";

    /// <summary>The event backbone's settings (<c>Events:*</c>, docs/events.md), shared by every service that consumes the streams.</summary>
    public const string EventsSection = "Cortex:Events";

    /// <param name="section">The AppHost's section, e.g. <c>Cortex:Economy</c>.</param>
    /// <param name="optionsRoot">The service's own configuration root the settings land in, e.g. <c>Economy</c>.</param>
    public static IResourceBuilder<ProjectResource> WithReplicasFrom(this IResourceBuilder<ProjectResource> service, string section, string optionsRoot)
    {
        var settings = service.ApplicationBuilder.Configuration.GetSection(section);
        var replicas = settings.GetValue(ReplicasKey, 1);
        if (replicas < 1)
        {
            throw new InvalidOperationException($"{section}:{ReplicasKey} must be at least 1 (it is {replicas}).");
        }

        if (replicas > 1)
        {
            service.WithReplicas(replicas);
        }

        return service.WithSettingsFrom(section, optionsRoot);
    }

    /// <summary>
    /// Forwards every <c>{section}:*</c> setting but <c>Replicas</c> as <c>{optionsRoot}:*</c>, e.g.
    /// <c>Cortex:Events:Consumers:economy:ClaimIdle</c> becomes <c>Events:Consumers:economy:ClaimIdle</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSettingsFrom(this IResourceBuilder<ProjectResource> service, string section, string optionsRoot)
    {
        // Only what the operator set is forwarded, so the published manifest is unchanged by default.
        var settings = service.ApplicationBuilder.Configuration.GetSection(section);
        foreach (var (key, value) in settings.AsEnumerable(makePathsRelative: true))
        {
            if (value is not null && !string.Equals(key, ReplicasKey, StringComparison.OrdinalIgnoreCase))
            {
                service.WithEnvironment(optionsRoot + "__" + key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return service;
    }
}
