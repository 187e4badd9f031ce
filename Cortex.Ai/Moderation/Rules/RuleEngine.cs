using System.Collections.Concurrent;

namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// Stage 1 of moderation: synchronous, allocation-light rules evaluated inline on the event stream.
/// Keeps one <see cref="CompiledRuleSet"/> per guild and rebuilds it only when the guild's rules change.
/// </summary>
public sealed class RuleEngine
{
    private readonly ConcurrentDictionary<ulong, (RuleSet Rules, CompiledRuleSet Compiled)> _guilds = new();

    /// <summary>Evaluates a message against its guild's current rules.</summary>
    public RuleMatch? Evaluate(ulong guildId, RuleSet rules, string content)
    {
        var entry = _guilds.AddOrUpdate(
            guildId,
            static (_, r) => (r, new CompiledRuleSet(r)),
            static (_, existing, r) => ReferenceEquals(existing.Rules, r) || existing.Rules == r ? existing : (r, new CompiledRuleSet(r)),
            rules);
        return entry.Compiled.Evaluate(content);
    }
}
