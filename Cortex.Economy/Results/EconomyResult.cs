using System.Diagnostics.CodeAnalysis;

namespace Cortex.Economy.Results;

/// <summary>Either what an operation produced or why it was refused.</summary>
public readonly record struct EconomyResult<T>(T? Value, EconomyError? Error) where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

#pragma warning disable CA2225 // The implicit conversions are the point: `return error;` / `return receipt;`.
    public static implicit operator EconomyResult<T>(T value) => new(value, null);

    public static implicit operator EconomyResult<T>(EconomyError error) => new(null, error);
#pragma warning restore CA2225
}
