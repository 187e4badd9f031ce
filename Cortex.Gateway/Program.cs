using Cortex.Gateway.Interactions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddInteractions();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInteractions();

app.Run();
