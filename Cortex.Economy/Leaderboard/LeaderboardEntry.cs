namespace Cortex.Economy.Leaderboard;

public sealed record LeaderboardEntry(int Rank, long UserId, long Balance);
