namespace Cortex.Tests.Hosting;

/// <summary>The AppHost's model, built but not started: what each mode and setting wires.</summary>
public sealed class AppModelTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cortex-model-" + Guid.NewGuid().ToString("N")[..8]);

    private async Task<IDistributedApplicationTestingBuilder> BuildModelAsync(params string[] extra)
    {
        string[] args = [.. CortexAppFixture.LocalModeArguments(_dataDirectory), .. extra];
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(args);
    }

    private static IResource Resource(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(r => r.Name == name);

    [Fact]
    public async Task Local_mode_has_no_container_resources()
    {
        await using var builder = await BuildModelAsync();

        Assert.Empty(builder.Resources.OfType<ContainerResource>());
        Assert.IsAssignableFrom<ExecutableResource>(Resource(builder, "redis"));
        Assert.IsAssignableFrom<ExecutableResource>(Resource(builder, "postgres"));
        Assert.IsAssignableFrom<IResourceWithConnectionString>(Resource(builder, "economydb"));
    }

    [Fact]
    public async Task Containers_mode_uses_the_redis_and_postgres_containers()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(
            ["--Cortex:Infrastructure=containers"]);

        Assert.IsType<Aspire.Hosting.ApplicationModel.RedisResource>(Resource(builder, "redis"));
        Assert.IsType<Aspire.Hosting.ApplicationModel.PostgresServerResource>(Resource(builder, "postgres"));
        Assert.IsType<Aspire.Hosting.ApplicationModel.PostgresDatabaseResource>(Resource(builder, "economydb"));
    }

    [Fact]
    public async Task Publishing_describes_the_container_form_whatever_the_mode()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(
            ["--Cortex:Infrastructure=local", "--publisher", "manifest", "--output-path", Path.Combine(_dataDirectory, "manifest.json")]);

        Assert.True(builder.ExecutionContext.IsPublishMode);
        Assert.IsType<Aspire.Hosting.ApplicationModel.RedisResource>(Resource(builder, "redis"));
        Assert.IsType<Aspire.Hosting.ApplicationModel.PostgresServerResource>(Resource(builder, "postgres"));
        Assert.DoesNotContain(builder.Resources, r => r.Name == "emulator");
        Assert.IsType<ParameterResource>(Resource(builder, "discord-token"));
    }

    [Fact]
    public async Task External_mode_reads_connection_strings_from_configuration()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(
            ["--Cortex:Infrastructure=external"]);

        Assert.Empty(builder.Resources.OfType<ContainerResource>());
        // Aspire adds a hidden "rebuilder" executable per project; no server executables otherwise.
        Assert.DoesNotContain(builder.Resources.OfType<ExecutableResource>(), r => r is not IResourceWithParent);
        Assert.IsAssignableFrom<ParameterResource>(Resource(builder, "redis"));
        Assert.IsAssignableFrom<ParameterResource>(Resource(builder, "economydb"));
    }

    [Fact]
    public async Task An_unknown_infrastructure_mode_fails_with_the_choices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(["--Cortex:Infrastructure=kubernetes"]));

        Assert.Contains("auto, containers, local, external", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrator", new[] { "postgres" }, new string[0])]
    [InlineData("gateway", new[] { "redis", "emulator" }, new string[0])]
    [InlineData("economy", new[] { "redis", "postgres", "economydb", "emulator" }, new[] { "migrator" })]
    [InlineData("ai", new[] { "redis", "postgres", "economydb", "emulator" }, new[] { "migrator" })]
    public async Task Every_service_waits_for_what_it_uses(string service, string[] waitsForHealthy, string[] waitsForCompletion)
    {
        await using var builder = await BuildModelAsync();
        var waits = Resource(builder, service).Annotations.OfType<WaitAnnotation>().ToList();

        Assert.Equal(
            waitsForHealthy.Order(),
            waits.Where(w => w.WaitType == WaitType.WaitUntilHealthy).Select(w => w.Resource.Name).Distinct().Order());
        Assert.Equal(
            waitsForCompletion.Order(),
            waits.Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource.Name).Order());
    }

    [Theory]
    [InlineData("migrator", new[] { "economydb", "economydb-economy", "economydb-ai" })]
    [InlineData("gateway", new[] { "redis", "emulator", "operator-api-key", "gateway" })]
    [InlineData("economy", new[] { "redis", "economydb-economy", "emulator", "vote-webhook-secret", "verify-signing-key", "operator-api-key", "economy" })]
    [InlineData("ai", new[] { "redis", "economydb-ai", "emulator", "operator-api-key", "ai" })]
    public async Task Every_service_references_what_it_uses(string service, string[] references)
    {
        await using var builder = await BuildModelAsync();

        var referenced = Resource(builder, service).Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference")
            .Select(r => r.Resource.Name)
            .Distinct()
            .Order();
        Assert.Equal(references.Order(), referenced);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    [InlineData("external")]
    [InlineData("publish")]
    public async Task Each_service_reads_economydb_as_its_own_login_in_every_mode(string mode)
    {
        string[] args = mode == "publish"
            ? ["--publisher", "manifest", "--output-path", Path.Combine(_dataDirectory, "manifest.json")]
            : [.. CortexAppFixture.LocalModeArguments(_dataDirectory), $"--Cortex:Infrastructure={mode}"];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(args);

        foreach (var (service, login, role) in new[] { ("economy", "economydb-economy", "cortex_economy"), ("ai", "economydb-ai", "cortex_ai") })
        {
            var reference = Assert.IsType<ConnectionStringReference>((await EnvironmentAsync(Resource(builder, service)))["ConnectionStrings__economydb"]);
            Assert.Equal(login, reference.Resource.Name);
            if (mode != "external")
            {
                // Built from the role and its own secret parameter; the owner's password is nowhere in it.
                var expression = reference.Resource.ConnectionStringExpression;
                Assert.Contains($"Username={role};", expression.ValueExpression, StringComparison.Ordinal);
                Assert.Contains(expression.ValueProviders, provider => provider is ParameterResource { Secret: true } parameter && parameter.Name == $"{service}-db-password");
                Assert.DoesNotContain(expression.ValueProviders, provider => provider is ParameterResource { Name: "postgres-password" });
            }
        }
    }

    [Fact]
    public async Task The_emulator_stands_in_when_no_tokens_are_set()
    {
        await using var builder = await BuildModelAsync();

        Assert.Contains(builder.Resources, r => r.Name == "emulator");
        Assert.DoesNotContain(builder.Resources, r => r.Name is "discord-token" or "openai-api-key");
    }

    [Fact]
    public async Task With_both_tokens_set_there_is_no_emulator()
    {
        await using var builder = await BuildModelAsync(
            "--Parameters:discord-token=real.discord.token", "--Parameters:openai-api-key=sk-real");

        Assert.DoesNotContain(builder.Resources, r => r.Name == "emulator");
        Assert.IsType<ParameterResource>(Resource(builder, "discord-token"));
        Assert.True(((ParameterResource)Resource(builder, "openai-api-key")).Secret);
    }

    [Fact]
    public async Task With_only_one_token_the_emulator_serves_the_other_api()
    {
        await using var builder = await BuildModelAsync("--Parameters:discord-token=real.discord.token");

        Assert.Contains(builder.Resources, r => r.Name == "emulator");
        var gatewayWaits = Resource(builder, "gateway").Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
        Assert.DoesNotContain("emulator", gatewayWaits);
        var aiWaits = Resource(builder, "ai").Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
        Assert.Contains("emulator", aiWaits);
    }

    [Fact]
    public async Task Cortex_Gateway_settings_reach_the_gateway_options_and_Replicas_runs_replicas()
    {
        await using var builder = await BuildModelAsync("--Cortex:Gateway:Replicas=2", "--Cortex:Gateway:ShardCount=4", "--Cortex:Gateway:LeaseTime=00:00:06");
        var gateway = Resource(builder, "gateway");

        Assert.Equal(2, gateway.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        var environment = await EnvironmentAsync(gateway);
        Assert.Equal("4", environment["Gateway__ShardCount"]);
        Assert.Equal("00:00:06", environment["Gateway__LeaseTime"]);
        Assert.DoesNotContain(environment.Keys, key => key.Contains("Replicas", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_Cortex_Gateway_settings_the_gateway_gets_no_Gateway_variables()
    {
        await using var builder = await BuildModelAsync();

        var environment = await EnvironmentAsync(Resource(builder, "gateway"));
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Gateway__", StringComparison.Ordinal));
        Assert.Empty(Resource(builder, "gateway").Annotations.OfType<ReplicaAnnotation>());
    }

    [Theory]
    [InlineData("economy", "Economy", "Caching:BalanceTtl", "00:02:00")]
    [InlineData("ai", "Ai", "Memory:ClaimIdle", "00:05:00")]
    public async Task Cortex_service_settings_reach_the_service_options_and_Replicas_runs_replicas(string resource, string section, string setting, string value)
    {
        await using var builder = await BuildModelAsync($"--Cortex:{section}:Replicas=3", $"--Cortex:{section}:{setting}={value}");
        var service = Resource(builder, resource);

        Assert.Equal(3, service.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        var environment = await EnvironmentAsync(service);
        Assert.Equal(value, environment[$"{section}__{setting.Replace(":", "__", StringComparison.Ordinal)}"]);
        Assert.DoesNotContain(environment.Keys, key => key.Contains("Replicas", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("economy")]
    [InlineData("ai")]
    public async Task Economy_and_AI_run_one_replica_unless_told(string resource)
    {
        await using var builder = await BuildModelAsync();

        Assert.Empty(Resource(builder, resource).Annotations.OfType<ReplicaAnnotation>());
    }

    [Fact]
    public async Task Zero_replicas_fails_with_the_setting_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildModelAsync("--Cortex:Ai:Replicas=0"));
        Assert.Contains("Cortex:Ai:Replicas", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, object>> EnvironmentAsync(IResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
