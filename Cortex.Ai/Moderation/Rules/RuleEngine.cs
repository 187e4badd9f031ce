using Cortex.ServiceDefaults.Caching;

namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// Stage 1 of moderation: synchronous, allocation-light rules evaluated inline on the event stream.
/// Keeps one <see cref="CompiledRuleSet"/> per guild and rebuilds it only when the guild's rules change
/// (or when the guild was quiet long enough, or the cache full enough, for it to be dropped).
/// </summary>
public sealed class RuleEngine(TimeProvider? time = null)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);
    private readonly BoundedCache<ulong, (RuleSet Rules, CompiledRuleSet Compiled)> _guilds = new(10_000, time ?? TimeProvider.System);

    /// <summary>Evaluates a message against its guild's current rules.</summary>
    public RuleMatch? Evaluate(ulong guildId, RuleSet rules, string content)
    {
        if (!_guilds.TryGet(guildId, out var entry) || !(ReferenceEquals(entry.Rules, rules) || entry.Rules == rules))
        {
            entry = (rules, new CompiledRuleSet(rules));
            _guilds.Set(guildId, entry, KeepFor);
        }

        return entry.Compiled.Evaluate(content);
    }
}
