namespace Cortex.Economy.Xp;

/// <summary>
/// Levels from XP on the curve members of most Discord servers know: going from level L to L+1
/// takes 5L² + 50L + 100 XP.
/// </summary>
public static class Levels
{
    public static long XpToAdvance(int level) => (5L * level * level) + (50L * level) + 100;

    public static (int Level, long XpIntoLevel, long XpForNextLevel) FromXp(long xp)
    {
        var level = 0;
        var remaining = xp;
        while (remaining >= XpToAdvance(level))
        {
            remaining -= XpToAdvance(level);
            level++;
        }

        return (level, remaining, XpToAdvance(level));
    }
}
