using Cortex.Ai;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddHttpDefense();
builder.AddNpgsqlDataSource("economydb");
builder.AddAi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseHttpDefense();

app.Run();
