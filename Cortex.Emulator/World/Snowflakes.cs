namespace Cortex.Emulator.World;

/// <summary>Makes Discord-style snowflakes: milliseconds since 2015 in the top 42 bits, then a counter.</summary>
public sealed class Snowflakes(TimeProvider time)
{
    /// <summary>Discord's epoch, 2015-01-01T00:00:00Z, in Unix milliseconds.</summary>
    public const long DiscordEpochMilliseconds = 1420070400000;

    private long _last;

    /// <summary>A new id, strictly greater than every id made before by this generator.</summary>
    public ulong Next()
    {
        var candidate = (time.GetUtcNow().ToUnixTimeMilliseconds() - DiscordEpochMilliseconds) << 22;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }
}
