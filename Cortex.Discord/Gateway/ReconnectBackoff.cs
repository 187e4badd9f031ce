namespace Cortex.Discord.Gateway;

/// <summary>
/// The wait before reconnecting (and identifying again) after the <paramref name="attempt"/>-th
/// consecutive failure, counted from 0: <c>min(base·2^attempt + random(0..jitter), max)</c>. With the
/// defaults that is the seed's <c>min(1000·2^attempt + random(0..1000), 30000)</c> ms. The jitter is
/// added, not multiplied, so the floor of each step stays exact and shards that failed together
/// still spread out.
/// </summary>
public static class ReconnectBackoff
{
    public static TimeSpan For(int attempt, TimeSpan baseDelay, TimeSpan jitter, TimeSpan max, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentNullException.ThrowIfNull(random);

        // 2^30 already dwarfs any sensible cap; clamping the exponent keeps the multiplication finite.
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var jittered = exponential + (random.NextDouble() * jitter.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }
}
