namespace Cortex.Tests.Hosting;

[Collection(CortexAppCollection.Name)]
public sealed class EndToEndTests(CortexAppFixture fixture)
{
    public static TheoryData<string> Services => [.. CortexAppFixture.Services];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_answers_health_and_liveness(string service)
    {
        using var http = fixture.CreateHttpClient(service);

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        using var alive = await http.GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_serves_prometheus_metrics(string service)
    {
        // Metrics are internal (metrics.read); the emulator, a development tool, has only its one endpoint.
        using var http = service == "emulator" ? fixture.CreateHttpClient(service) : fixture.CreateInternalClient(service);
        // The exporter answers from a cache refreshed on scrape; the first scrape can be empty.
        string body = "";
        for (var attempt = 0; attempt < 20 && !body.Contains("# TYPE dotnet_gc_collections_total", StringComparison.Ordinal); attempt++)
        {
            using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            body = await response.Content.ReadAsStringAsync();
            await Task.Delay(200);
        }

        // Runtime metrics prove the OpenTelemetry pipeline, not just an empty exporter, is wired.
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migrator_ran_to_completion_and_recorded_the_schema()
    {
        var migrator = fixture.App.ResourceNotifications;
        await migrator.WaitForResourceAsync("migrator", KnownResourceStates.Finished);

        await using var connection = new Npgsql.NpgsqlConnection(await fixture.ConnectionStringAsync("economydb"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM public.schema_migrations", connection);
        var applied = (long)(await command.ExecuteScalarAsync())!;
        Assert.True(applied >= 1, $"expected applied migrations, found {applied}");
    }
}
