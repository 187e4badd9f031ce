namespace Cortex.Discord.Models;

public sealed record Reaction
{
    public int Count { get; init; }
    public ReactionCountDetails? CountDetails { get; init; }
    public bool Me { get; init; }
    public bool MeBurst { get; init; }
    public required Emoji Emoji { get; init; }
    public IReadOnlyList<string> BurstColors { get; init => field = value ?? []; } = [];
}

public sealed record ReactionCountDetails(int Burst, int Normal);
