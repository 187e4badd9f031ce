using Cortex.Economy.Accounts;
using Cortex.Economy.Admin;
using Cortex.Economy.Caching;
using Cortex.Economy.Leaderboard;
using Cortex.Economy.Ledger;
using Cortex.Economy.Rewards;
using Cortex.Economy.Storage;
using Cortex.Economy.Transfers;
using Cortex.Economy.Wallet;
using Cortex.Economy.Xp;
using Microsoft.Extensions.Options;

namespace Cortex.Economy;

public static class EconomyOperationsExtensions
{
    /// <summary>Everything that reads or moves money: accounts, ledger, transfers, wallet, rewards, admin, leaderboard, XP.</summary>
    public static IHostApplicationBuilder AddEconomyOperations(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton<EconomyMetrics>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<MovementRunner>();
        services.AddSingleton<TransferDatabase>();
        services.AddSingleton<TransferBatcher>();
        services.AddSingleton(provider => new TransferService(provider.GetRequiredService<TransferBatcher>(), provider.GetRequiredService<BalanceCache>()));
        services.AddSingleton<WalletService>();
        services.AddSingleton<RewardService>();
        services.AddSingleton<AdminService>();
        services.AddSingleton<LeaderboardStore>();
        services.AddSingleton<XpService>();
        services.AddSingleton<ActiveUsersSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<ActiveUsersSweeper>());
        services.AddSingleton<LedgerPartitionMaintainer>();
        services.AddHostedService(provider => provider.GetRequiredService<LedgerPartitionMaintainer>());

        services.AddOptions<RewardOptions>().BindConfiguration(RewardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RewardOptions>, RewardOptionsValidator>();
        services.AddOptions<TransferBatchingOptions>().BindConfiguration(TransferBatchingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransferBatchingOptions>, TransferBatchingOptionsValidator>();
        services.AddOptions<XpOptions>().BindConfiguration(XpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<XpOptions>, XpOptionsValidator>();
        return builder;
    }
}
