using Cortex.Gateway;
using Cortex.Gateway.Interactions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddInteractions();
builder.AddShardManager();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInteractions();
app.MapShards();

app.Run();
