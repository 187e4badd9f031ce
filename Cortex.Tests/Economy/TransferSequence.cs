namespace Cortex.Tests.Economy;

/// <summary>One call of <c>economy.transfer</c>, its guild left to the caller so one sequence can run in two guilds.</summary>
internal sealed record TransferCall(long From, long To, long Amount, string? Key, DateTimeOffset Now);

/// <summary>
/// Random transfer sequences that hit every branch of <c>economy.transfer</c> often: few users, so senders pay twice and
/// recipients pay on; users with no account yet, credited into being; amounts near and beyond the balances; keys reused
/// for the same transfer (replays, also of a call that was refused) and for a different one (conflicts).
/// </summary>
internal static class TransferSequence
{
    /// <summary>Users 1..<see cref="Users"/>; those above <see cref="Funded"/> have no account when the sequence starts.</summary>
    public const int Users = 12;

    public const int Funded = 8;

    public static List<TransferCall> Generate(int seed, int count, DateTimeOffset start)
    {
        var random = new Random(seed);
        var calls = new List<TransferCall>(count);
        for (var i = 0; i < count; i++)
        {
            var now = start.AddMilliseconds(i);
            var roll = random.NextDouble();
            if (calls.Count > 0 && roll < 0.12)
            {
                calls.Add(calls[random.Next(calls.Count)] with { Now = now });
                continue;
            }

            var from = random.Next(1, Users + 1);
            var to = random.Next(1, Users);
            to += to >= from ? 1 : 0;
            var amount = random.NextDouble() < 0.15 ? random.Next(300, 2_000) : random.Next(1, 120);
            string? key = roll switch
            {
                < 0.22 when calls.Count > 0 => calls[random.Next(calls.Count)].Key ?? "k" + random.Next(5),
                < 0.50 => "k" + random.Next(400),
                _ => null,
            };
            calls.Add(new TransferCall(from, to, amount, key, now));
        }

        return calls;
    }

    /// <summary>The sequence cut into consecutive batches of 1 to <paramref name="largest"/> calls.</summary>
    public static IEnumerable<List<TransferCall>> Batches(List<TransferCall> calls, int seed, int largest)
    {
        var random = new Random(seed);
        for (var at = 0; at < calls.Count;)
        {
            var size = Math.Min(random.Next(1, largest + 1), calls.Count - at);
            yield return calls.GetRange(at, size);
            at += size;
        }
    }
}
