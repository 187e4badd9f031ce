using Cortex.Discord.Gateway;
using Cortex.Events.Streams;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Configuration;

/// <summary>Fails start-up with a message naming the setting, instead of failing at the first event.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        List<string> failures = [];
        if (options.ShardCount is < 1)
        {
            failures.Add("Gateway:ShardCount must be at least 1 (or unset to use GET /gateway/bot).");
        }

        if (options.MaxConcurrency is < 1)
        {
            failures.Add("Gateway:MaxConcurrency must be at least 1 (or unset to use GET /gateway/bot).");
        }

        if ((options.Intents & ~GatewayIntents.All) != 0)
        {
            failures.Add($"Gateway:Intents has bits Discord does not define ({(int)(options.Intents & ~GatewayIntents.All)}).");
        }

        RequirePositive(failures, options.IdentifyInterval, nameof(options.IdentifyInterval));
        RequirePositive(failures, options.IdentifyBackoff, nameof(options.IdentifyBackoff));
        if (options.IdentifyBackoffJitter < TimeSpan.Zero)
        {
            failures.Add("Gateway:IdentifyBackoffJitter must not be negative.");
        }

        RequirePositive(failures, options.SessionTtl, nameof(options.SessionTtl));
        RequirePositive(failures, options.ResumeWindow, nameof(options.ResumeWindow));
        RequirePositive(failures, options.SessionRefreshInterval, nameof(options.SessionRefreshInterval));
        RequirePositive(failures, options.HealthInterval, nameof(options.HealthInterval));
        RequirePositive(failures, options.HealthTimeout, nameof(options.HealthTimeout));
        RequirePositive(failures, options.DegradedLatency, nameof(options.DegradedLatency));
        RequirePositive(failures, options.DrainTimeout, nameof(options.DrainTimeout));
        RequirePositive(failures, options.LeaseTime, nameof(options.LeaseTime));
        RequirePositive(failures, options.LeaseRenewInterval, nameof(options.LeaseRenewInterval));
        RequirePositive(failures, options.ThreadPoolLagInterval, nameof(options.ThreadPoolLagInterval));
        RequirePositive(failures, options.ThreadPoolLagWarning, nameof(options.ThreadPoolLagWarning));

        if (options.MaxIdentifyBackoff < options.IdentifyBackoff)
        {
            failures.Add("Gateway:MaxIdentifyBackoff must be at least Gateway:IdentifyBackoff.");
        }

        if (options.ResumeWindow >= options.SessionTtl)
        {
            failures.Add("Gateway:ResumeWindow must be shorter than Gateway:SessionTtl.");
        }

        if (options.SessionRefreshInterval >= options.ResumeWindow)
        {
            failures.Add("Gateway:SessionRefreshInterval must be shorter than Gateway:ResumeWindow, or idle sessions go stale.");
        }

        if (options.HealthTimeout >= options.HealthInterval)
        {
            failures.Add("Gateway:HealthTimeout must be shorter than Gateway:HealthInterval.");
        }

        if (options.LeaseRenewInterval * 2 > options.LeaseTime)
        {
            failures.Add("Gateway:LeaseRenewInterval must be at most half of Gateway:LeaseTime, or leases lapse between renewals.");
        }

        if (options.RouteBatchSize is < 1 or > 10_000)
        {
            failures.Add("Gateway:RouteBatchSize must be between 1 and 10000.");
        }

        if (options.RouteLinger < TimeSpan.Zero || options.RouteLinger > GatewayOptions.MaxRouteLinger)
        {
            failures.Add($"Gateway:RouteLinger must be between 0 (off) and {GatewayOptions.MaxRouteLinger.TotalMilliseconds:0} ms; it was {options.RouteLinger.TotalMilliseconds:0.###} ms.");
        }

        if (options.StreamMaxLength < 1000)
        {
            failures.Add("Gateway:StreamMaxLength must be at least 1000.");
        }

        if (options.StreamTrimInterval < TimeSpan.FromMilliseconds(100) || options.DeadLetterMaxLength < 100)
        {
            failures.Add("Gateway:StreamTrimInterval must be at least 100 ms and Gateway:DeadLetterMaxLength at least 100.");
        }

        if (options.SessionStartReserve < 0 || options.RespawnDelay < TimeSpan.Zero || options.Gen2PauseWarning < TimeSpan.Zero)
        {
            failures.Add("Gateway:SessionStartReserve, RespawnDelay and Gen2PauseWarning must not be negative.");
        }

        if (options.DeferredMemberBytes < 0)
        {
            failures.Add("Gateway:DeferredMemberBytes must not be negative (0 reads every guild's members on arrival).");
        }

        if (string.IsNullOrWhiteSpace(options.MessagesStream) || string.IsNullOrWhiteSpace(options.InteractionsStream) || string.IsNullOrWhiteSpace(options.GuildsStream))
        {
            failures.Add("Gateway:MessagesStream, Gateway:InteractionsStream and Gateway:GuildsStream must be set.");
        }
        else
        {
            failures.AddRange(new[] { options.MessagesStream, options.InteractionsStream, options.GuildsStream }
                .Select(stream => EventPartitions.Problem(stream, options.StreamPartitions))
                .OfType<string>().Distinct().Select(problem => $"Events:Streams:Partitions: {problem}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Gateway:{name} must be positive.");
        }
    }
}
