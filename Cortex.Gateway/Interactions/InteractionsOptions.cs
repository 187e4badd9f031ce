namespace Cortex.Gateway.Interactions;

/// <summary>Bound from <c>Discord</c>: the HTTP interactions endpoint and command registration.</summary>
public sealed class InteractionsOptions
{
    /// <summary>
    /// The application's public key (<c>Discord:PublicKey</c>, 64 hex digits). When empty it is read
    /// once from <c>GET /applications/@me</c> (<c>verify_key</c>), which is how the emulator's is found.
    /// </summary>
    public string? PublicKey { get; set; }

    /// <summary>Where commands are registered (<c>Discord:Commands:Scope</c>); Guild in Development, Global otherwise.</summary>
    public Cortex.Discord.Interactions.CommandScope? CommandScope { get; set; }

    /// <summary>Guilds for guild-scoped registration (<c>Discord:Commands:GuildIds</c>); empty: every guild the bot is in.</summary>
    public List<ulong> CommandGuildIds { get; } = [];

    /// <summary>How long an interaction id is remembered to drop replays: an interaction token lives 15 minutes.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(15);
}
