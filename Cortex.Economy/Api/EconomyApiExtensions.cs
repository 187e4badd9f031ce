using Cortex.Economy.Accounts;
using Cortex.Economy.Admin;
using Cortex.Economy.Leaderboard;
using Cortex.Economy.Ledger;
using Cortex.Economy.Rewards;
using Cortex.Economy.Transfers;
using Cortex.Economy.Wallet;
using Cortex.Economy.Xp;
using Cortex.ServiceDefaults.Authentication;
using Cortex.ServiceDefaults.Hardening;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Api;

public static class EconomyApiExtensions
{
    public const string BasePath = "/api";

    public static IHostApplicationBuilder AddEconomyApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EconomyJsonContext.Default));
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.AddSingleton<LeaderboardPages>();
        return builder;
    }

    /// <summary>
    /// The HTTP API under /api and its OpenAPI document at /openapi/v1.json; errors follow the shared
    /// input contract (docs/input.md). All of it is internal: reads need <c>economy.read</c>, anything
    /// that moves coins <c>economy.write</c>.
    /// </summary>
    public static WebApplication MapEconomyApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(CortexScopes.EconomyRead);

        // The shared body-size middleware (UseHttpDefense) refuses oversized bodies from this metadata with a
        // 413 before anything reads them, ahead of authentication: no middleware of the API's own on the hot routes.
        app.MapGroup(BasePath + "/guilds/{guildId}")
            .WithTags("Economy")
            .WithRequestBodyLimit(app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes)
            .RequireReadWriteAuthorization(CortexScopes.EconomyRead, CortexScopes.EconomyWrite)
            .AddEndpointFilter<WholeJsonResponses>()
            .MapAccountEndpoints()
            .MapTransferEndpoints()
            .MapWalletEndpoints()
            .MapRewardEndpoints()
            .MapLeaderboardEndpoints()
            .MapRankEndpoints()
            .MapHistoryEndpoints()
            .MapAdminEndpoints();
        return app;
    }
}
