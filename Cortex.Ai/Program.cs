var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddNpgsqlDataSource("economydb");

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
