using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Economy.Admin;
using Cortex.Economy.Rewards;
using Cortex.Economy.Transfers;
using Cortex.Economy.Wallet;
using Cortex.Economy.Xp;
using Microsoft.AspNetCore.Mvc;

namespace Cortex.Economy.Api;

/// <summary>
/// Every type the API reads or writes, serialized without reflection. Read under the shared strict
/// options (docs/input.md): camelCase names exactly, numbers as JSON numbers, every constructor
/// parameter without a default required.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(TransferBody))]
[JsonSerializable(typeof(AmountBody))]
[JsonSerializable(typeof(AdminBody))]
[JsonSerializable(typeof(TransferReceipt))]
[JsonSerializable(typeof(WalletReceipt))]
[JsonSerializable(typeof(RewardReceipt))]
[JsonSerializable(typeof(AdjustmentReceipt))]
[JsonSerializable(typeof(RankCard))]
[JsonSerializable(typeof(LeaderboardResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class EconomyJsonContext : JsonSerializerContext;
