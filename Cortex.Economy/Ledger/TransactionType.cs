namespace Cortex.Economy.Ledger;

/// <summary>The <c>type</c> column of <c>economy.transactions</c> (its CHECK constraint lists the same).</summary>
public static class TransactionType
{
    public const string Transfer = "transfer";
    public const string Deposit = "deposit";
    public const string Withdraw = "withdraw";
    public const string Daily = "daily";
    public const string Work = "work";
    public const string AdminAdd = "admin_add";
    public const string AdminRemove = "admin_remove";
    public const string AdminReset = "admin_reset";
    public const string Vote = "vote";
}
