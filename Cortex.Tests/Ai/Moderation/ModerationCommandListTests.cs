using Cortex.Commands;

namespace Cortex.Tests.Ai.Moderation;

public sealed class ModerationCommandListTests
{
    [Fact]
    public void Review_and_appeal_are_in_the_shared_list_and_review_is_for_moderators()
    {
        var review = CortexCommands.All.Single(c => c.Name == ModerationCommandList.Review);
        var appeal = CortexCommands.All.Single(c => c.Name == ModerationCommandList.Appeal);

        Assert.Equal("8192", review.DefaultMemberPermissions); // MANAGE_MESSAGES
        Assert.Equal(["list", "approve", "overturn"], review.Options!.Select(o => o.Name));
        Assert.Null(appeal.DefaultMemberPermissions);
        var caseOption = appeal.Options![0];
        Assert.Equal((ModerationCommandList.CaseNumber, true, 1.0), (caseOption.Name, caseOption.Required == true, caseOption.MinValue!.Value));
        Assert.True(ModerationCommandList.Handles("appeal"));
        Assert.False(ModerationCommandList.Handles(AiCommandList.Ask));
    }
}
