using Cortex.Gateway;
using Cortex.Gateway.Interactions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddShardManager();
builder.AddInteractions();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapShards();
app.MapInteractions();

app.Run();
