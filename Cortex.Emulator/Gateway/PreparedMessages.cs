namespace Cortex.Emulator.Gateway;

/// <summary>
/// Wire messages ready to send, copied end to end into large chunks (a message never spans two), so preparing
/// thousands of them costs a few big arrays rather than one per message.
/// </summary>
internal sealed class PreparedMessages
{
    private const int ChunkBytes = 8 * 1024 * 1024;

    private readonly List<ReadOnlyMemory<byte>> _messages = [];
    private byte[] _chunk = [];
    private int _used;

    public int Count => _messages.Count;

    public long Bytes { get; private set; }

    public ReadOnlyMemory<byte> this[int index] => _messages[index];

    public void Add(ReadOnlySpan<byte> message)
    {
        if (_chunk.Length - _used < message.Length)
        {
            _chunk = new byte[Math.Max(ChunkBytes, message.Length)];
            _used = 0;
        }

        message.CopyTo(_chunk.AsSpan(_used));
        _messages.Add(_chunk.AsMemory(_used, message.Length));
        _used += message.Length;
        Bytes += message.Length;
    }

    public void Clear()
    {
        _messages.Clear();
        _chunk = [];
        _used = 0;
        Bytes = 0;
    }
}
