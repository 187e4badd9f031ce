using Cortex.Tests.Hosting;
using YamlDotNet.RepresentationModel;

namespace Cortex.Tests.Delivery;

public sealed class WorkflowTests
{
    public static TheoryData<string> Workflows =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), ".github", "workflows"), "*.yml").Select(path => Path.GetFileName(path))];

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task Every_workflow_passes_the_github_actions_schema(string workflow)
    {
        var root = RepositoryRoot.Find();

        var (exitCode, output) = await NodeTool.RunAsync(
            Path.Combine(root, "tests", "tools", "workflow-lint"), "action-validator", Path.Combine(root, ".github", "workflows", workflow));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void The_pipeline_tests_then_builds_then_deploys_with_rollback()
    {
        var jobs = Yaml.Load(".github", "workflows", "ci.yml").At("jobs");
        string Runs(string job) => string.Join("\n", ((YamlSequenceNode)jobs.At(job, "steps")).Children
            .Select(step => step.Find("run")?.Text() ?? ""));

        Assert.Contains("dotnet format Cortex.sln --verify-no-changes", Runs("test"), StringComparison.Ordinal);
        Assert.Contains("./cortex.sh test", Runs("test"), StringComparison.Ordinal);
        Assert.Equal("test", jobs.At("build", "needs").Text());
        Assert.Contains("-t:PublishContainer", Runs("build"), StringComparison.Ordinal);
        Assert.Contains("${{ github.sha }};latest", Runs("build"), StringComparison.Ordinal);
        Assert.Equal("build", jobs.At("deploy", "needs").Text());
        Assert.Contains("deploy/scripts/deploy-pterodactyl.sh", Runs("deploy"), StringComparison.Ordinal);
        Assert.Equal("${{ secrets.PTERODACTYL_KEY }}", ((YamlSequenceNode)jobs.At("deploy", "steps")).Children
            .Single(step => step.Find("env") is not null).At("env", "PTERODACTYL_KEY").Text());
    }

    [Fact]
    public void The_azure_workflow_deploys_the_apphost_with_azd()
    {
        var steps = (YamlSequenceNode)Yaml.Load(".github", "workflows", "azure.yml").At("jobs", "deploy", "steps");

        Assert.Contains(steps.Children, step => step.Find("run")?.Text().Contains("azd up", StringComparison.Ordinal) == true);
        Assert.Equal("./Cortex.AppHost/Cortex.AppHost.csproj", Yaml.Load("azure.yaml").At("services", "app", "project").Text());
    }
}
