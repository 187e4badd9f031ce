using Cortex.Migrator.Migrating;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("economydb");
builder.Services.AddSingleton(MigrationCatalog.FromEmbeddedResources(typeof(Program).Assembly));
builder.Services.AddSingleton<DatabaseCreator>();
builder.Services.AddSingleton<MigrationRunner>();
builder.Services.AddHostedService<MigrateOnceService>();

builder.Build().Run();
