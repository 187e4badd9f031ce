namespace Cortex.Emulator.Rest;

/// <summary>
/// A dispatch caused by a REST call (MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_DELETE,
/// GUILD_MEMBER_UPDATE, GUILD_BAN_ADD, GUILD_BAN_REMOVE, INTERACTION_CREATE). <see cref="Data"/> is the
/// <c>d</c> object as UTF-8 JSON. <see cref="VisibleTo"/> marks an ephemeral message: Discord never
/// dispatches those over the gateway, only the invoking user sees them (on the chat page).
/// Same shape as the gateway's WorldDispatch, so the two can be merged into one stream.
/// </summary>
public sealed record EmulatorDispatch(string Type, ulong? GuildId, ReadOnlyMemory<byte> Data, ulong? VisibleTo = null);

/// <summary>Where REST dispatches go: the gateway (to connected shards) and the chat page (live view).</summary>
public sealed class EmulatorDispatches
{
    public event Action<EmulatorDispatch>? Dispatched;

    public void Raise(EmulatorDispatch dispatch) => Dispatched?.Invoke(dispatch);
}
