namespace Cortex.Economy.Caching;

/// <summary>Each script is one atomic step on the Redis server.</summary>
internal static class CacheScripts
{
    /// <summary>
    /// KEYS[1] generation key; ARGV[1] balance key prefix, ARGV[2] user id.
    /// Returns {generation, cached value or ""} in one round trip.
    /// </summary>
    public const string Read = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        local value = redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])
        return {generation, value or ''}
        """;

    /// <summary>
    /// Stores "version:balance:bank" unless the key already holds the same or a newer version, so a
    /// slow reader's old value can never replace a writer's newer one.
    /// KEYS[1] balance key; ARGV[1] version, ARGV[2] "balance:bank", ARGV[3] TTL in milliseconds.
    /// Returns 1 when stored.
    /// </summary>
    public const string StoreIfNewer = """
        local current = redis.call('GET', KEYS[1])
        if current then
          local version = tonumber(string.match(current, '^(%d+):'))
          if version and version >= tonumber(ARGV[1]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    /// <summary>
    /// <see cref="StoreIfNewer"/> for several keys in one round trip (a transfer's two accounts).
    /// KEYS[i] balance key; ARGV[1] TTL in milliseconds, then per key: version, "balance:bank".
    /// Returns how many were stored.
    /// </summary>
    public const string StoreManyIfNewer = """
        local stored = 0
        for i, key in ipairs(KEYS) do
          local version = tonumber(ARGV[2 * i])
          local current = redis.call('GET', key)
          local held = current and tonumber(string.match(current, '^(%d+):'))
          if not (held and held >= version) then
            redis.call('SET', key, ARGV[2 * i] .. ':' .. ARGV[2 * i + 1], 'PX', ARGV[1])
            stored = stored + 1
          end
        end
        return stored
        """;

    /// <summary>Deletes the lock only if it still holds our token: a lock is released by its owner.</summary>
    public const string ReleaseLock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
