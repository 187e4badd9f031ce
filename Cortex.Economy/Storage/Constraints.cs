namespace Cortex.Economy.Storage;

/// <summary>Names of the schema's constraints the code reacts to (see the 01xx migrations).</summary>
internal static class Constraints
{
    /// <summary>One key, one movement: the key table's primary key (0120), claimed by the ledger insert's trigger.</summary>
    public const string IdempotencyKey = "pk_economy_idempotency_keys";
    public const string TransferDistinct = "ck_transactions_transfer_distinct";
}
