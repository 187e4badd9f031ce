using Cortex.Gateway;
using Cortex.Gateway.Interactions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
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
