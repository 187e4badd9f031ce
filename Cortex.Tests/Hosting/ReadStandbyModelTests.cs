using Cortex.AppHost.Infrastructure;

namespace Cortex.Tests.Hosting;

/// <summary>The AppHost's optional read standbys for the economy (<c>ConnectionStrings:economydb-economy-read</c>).</summary>
public sealed class ReadStandbyModelTests
{
    private const string ReadString = "Host=standby1,standby2,primary;Target Session Attributes=prefer-standby;Username=cortex_economy;Password=p;Database=economydb";

    [Fact]
    public async Task A_read_connection_string_reaches_the_economy_alone_as_economydb_read()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(
            ["--Cortex:Infrastructure=external", $"--ConnectionStrings:{EconomyReadStandbys.ConnectionName}={ReadString}"]);

        var economy = await EnvironmentAsync(builder, "economy");
        var reference = Assert.IsType<ConnectionStringReference>(economy["ConnectionStrings__economydb-read"]);
        Assert.Equal(EconomyReadStandbys.ConnectionName, reference.Resource.Name);
        Assert.DoesNotContain("ConnectionStrings__economydb-read", (await EnvironmentAsync(builder, "ai")).Keys);
    }

    [Fact]
    public async Task Without_one_the_economy_reads_from_its_one_server()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(["--Cortex:Infrastructure=external"]);

        Assert.DoesNotContain(builder.Resources, resource => resource.Name == EconomyReadStandbys.ConnectionName);
        Assert.DoesNotContain("ConnectionStrings__economydb-read", (await EnvironmentAsync(builder, "economy")).Keys);
    }

    private static async Task<Dictionary<string, object>> EnvironmentAsync(IDistributedApplicationTestingBuilder builder, string name)
    {
        var resource = builder.Resources.Single(r => r.Name == name);
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }
}
