using Cortex.Economy;
using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;
using Cortex.Economy.Verification;
using Cortex.Economy.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEconomyStorage();
builder.AddBalanceCache();
builder.AddEconomyOperations();
builder.AddHttpDefense();
builder.AddCortexSurfaces();
builder.AddEconomyApi();
builder.AddEconomyCommands();
builder.AddEconomyWebhooks();
builder.AddEconomyVerification();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseHttpDefense();
app.UseCortexSurfaces();
app.MapEconomyApi();
app.MapEconomyWebhooks();
app.MapVerification();

app.Run();
