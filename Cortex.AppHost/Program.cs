using Cortex.AppHost.Infrastructure;
using Cortex.AppHost.Integrations;

var builder = DistributedApplication.CreateBuilder(args);

var mode = InfrastructureModeResolver.Resolve(builder);
var infrastructure = builder.AddCortexInfrastructure(mode);
var apis = ExternalApis.Add(builder);
var operatorKey = builder.AddOperatorKey();

var migrator = builder.AddProject<Projects.Cortex_Migrator>("migrator")
    .WithReference(infrastructure.EconomyDb)
    .WithServiceLogins(infrastructure)
    .WaitFor(infrastructure.Postgres);

builder.AddProject<Projects.Cortex_Gateway>("gateway")
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithDiscord(apis)
    .WithInteractionsDelivery(apis)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithInternalSurface(operatorKey)
    .WithShardManager(operatorKey)
    .WithSettingsFrom(ServiceReplicas.EventsSection, "Events");

builder.AddProject<Projects.Cortex_Economy>("economy")
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithDatabaseLogin(infrastructure, ServiceDatabaseLogins.Economy).WaitFor(infrastructure.EconomyDb)
    .WithReadStandbys()
    .WaitForCompletion(migrator)
    .WithDiscord(apis)
    .WithDefenseSecrets()
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithInternalSurface(operatorKey)
    .WithReplicasFrom(ServiceReplicas.EconomySection, "Economy")
    .WithSettingsFrom(ServiceReplicas.EventsSection, "Events");

builder.AddProject<Projects.Cortex_Ai>("ai")
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithDatabaseLogin(infrastructure, ServiceDatabaseLogins.Ai).WaitFor(infrastructure.EconomyDb)
    .WaitForCompletion(migrator)
    .WithDiscord(apis)
    .WithOpenAi(apis)
    .WithHttpHealthCheck("/health")
    .WithInternalSurface(operatorKey)
    .WithReplicasFrom(ServiceReplicas.AiSection, "Ai")
    .WithSettingsFrom(ServiceReplicas.EventsSection, "Events");

builder.Build().Run();
