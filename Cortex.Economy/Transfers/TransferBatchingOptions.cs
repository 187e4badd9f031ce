using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Transfers;

/// <summary>How concurrent transfers share PostgreSQL round trips (<see cref="TransferBatcher"/>).</summary>
public sealed class TransferBatchingOptions
{
    public const string Section = "Economy:Transfers";

    /// <summary>Off: every transfer is its own round trip and transaction, as before batching.</summary>
    public bool Batching { get; set; } = true;

    /// <summary>Batches on the wire at once, each on its own connection; a call arriving while all are out waits for the next.</summary>
    [Range(1, 64)]
    public int BatchesInFlight { get; set; } = 1;

    /// <summary>Calls in one batch, at most: one transaction holds every row it touches until its commit.</summary>
    [Range(1, 1_000)]
    public int MaxBatchSize { get; set; } = 64;
}

[OptionsValidator]
public sealed partial class TransferBatchingOptionsValidator : IValidateOptions<TransferBatchingOptions>;
