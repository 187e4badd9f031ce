using Cortex.Migrator.Migrating;
using Cortex.Migrator.ServiceRoles;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("economydb");
builder.Services.AddSingleton(MigrationCatalog.FromEmbeddedResources(typeof(Program).Assembly));
builder.Services.AddSingleton<DatabaseCreator>();
builder.Services.AddSingleton(ServiceLogins.FromConfiguration(builder.Configuration));
builder.Services.AddSingleton<ServiceRoleProvisioner>();
builder.Services.AddSingleton<MigrationRunner>();
builder.Services.AddHostedService<MigrateOnceService>();

builder.Build().Run();
