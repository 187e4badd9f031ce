namespace Cortex.Discord.Models;

public sealed record Poll
{
    public required PollMedia Question { get; init; }
    public IReadOnlyList<PollAnswer> Answers { get; init => field = value ?? []; } = [];
    public DateTimeOffset? Expiry { get; init; }
    public bool AllowMultiselect { get; init; }
    public int LayoutType { get; init; }
    public PollResults? Results { get; init; }
}

public sealed record PollMedia
{
    public string? Text { get; init; }
    public Emoji? Emoji { get; init; }
}

public sealed record PollAnswer
{
    public int AnswerId { get; init; }
    public required PollMedia PollMedia { get; init; }
}

public sealed record PollResults
{
    public bool IsFinalized { get; init; }
    public IReadOnlyList<PollAnswerCount> AnswerCounts { get; init => field = value ?? []; } = [];
}

public sealed record PollAnswerCount(int Id, int Count, bool MeVoted);
