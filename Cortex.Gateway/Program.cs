using Cortex.Gateway;
using Cortex.Gateway.Interactions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// A span per Redis command (the routing scripts: several per batch of events) is pure cost unless traces are exported.
builder.AddRedisClient("redis", settings => settings.DisableTracing |= !builder.TracesExported());
builder.AddHttpDefense();
builder.AddCortexSurfaces();
builder.AddInteractions();
builder.AddShardManager();
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseHttpDefense();
app.UseCortexSurfaces();
app.MapInteractions();
app.MapShards();
app.MapOpenApi();

app.Run();
