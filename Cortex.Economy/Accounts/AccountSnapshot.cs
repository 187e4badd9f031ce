namespace Cortex.Economy.Accounts;

/// <summary>
/// One user's money at one version. Version 0 means the user has no row yet (nothing earned, nothing
/// received); PostgreSQL bumps the version on every write, which lets the cache refuse older values.
/// </summary>
public sealed record AccountSnapshot(long GuildId, long UserId, long Balance, long Bank, long Version)
{
    public bool Exists => Version > 0;

    public static AccountSnapshot Missing(long guildId, long userId) => new(guildId, userId, 0, 0, 0);
}
