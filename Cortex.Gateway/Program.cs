using Cortex.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddShardManager();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapShards();

app.Run();
