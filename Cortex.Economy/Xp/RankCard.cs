namespace Cortex.Economy.Xp;

/// <summary>A member's XP standing: total, level, progress in the level, and place in the guild.</summary>
public sealed record RankCard(long GuildId, long UserId, long Xp, int Level, long XpIntoLevel, long XpForNextLevel, long Rank);
