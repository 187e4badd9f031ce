using Cortex.Discord.Models;

namespace Cortex.Emulator.Rest;

/// <summary>
/// A change in the world as the dispatch Discord would send for it (GUILD_CREATE, CHANNEL_CREATE,
/// GUILD_ROLE_CREATE, GUILD_MEMBER_ADD/UPDATE/REMOVE, MESSAGE_CREATE/UPDATE/DELETE, GUILD_BAN_ADD/REMOVE,
/// INTERACTION_CREATE). <see cref="Data"/> is the <c>d</c> object as UTF-8 JSON; <see cref="GuildId"/>
/// routes it to a shard (null: shard 0).
/// </summary>
/// <param name="VisibleTo">Set on ephemeral messages: Discord never dispatches those over the gateway; only the invoking user sees them, on the chat page.</param>
/// <param name="WithoutContent">For messages: the <c>d</c> a session without the MESSAGE_CONTENT intent receives (null: same as <see cref="Data"/>).</param>
/// <param name="ToGateway">False for what the gateway must not carry: an interaction delivered over HTTP instead, or chat-page notices.</param>
public sealed record EmulatorDispatch(
    string Type,
    Snowflake? GuildId,
    ReadOnlyMemory<byte> Data,
    Snowflake? VisibleTo = null,
    ReadOnlyMemory<byte>? WithoutContent = null,
    bool ToGateway = true);

/// <summary>
/// The world's one dispatch stream. Raised under the world's lock, in the order changes happen;
/// the gateway hub (to connected shards) and the chat page (live view) subscribe. Handlers must be
/// quick and must not call back into the world: both only enqueue.
/// </summary>
public sealed class EmulatorDispatches
{
    public event Action<EmulatorDispatch>? Dispatched;

    public void Raise(EmulatorDispatch dispatch) => Dispatched?.Invoke(dispatch);
}
