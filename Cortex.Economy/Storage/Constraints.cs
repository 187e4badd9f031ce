namespace Cortex.Economy.Storage;

/// <summary>Names of the schema's constraints the code reacts to (see the 01xx migrations).</summary>
internal static class Constraints
{
    public const string IdempotencyKey = "ux_transactions_idempotency_key";
    public const string TransferDistinct = "ck_transactions_transfer_distinct";
}
