using System.Buffers.Binary;
using Cortex.Discord.Codecs.Etf;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// Discord's rule for ETF from clients: map keys must be strings (binaries); atom keys are a 4002
/// decode error. Walks the whole term, since the rule holds at every depth.
/// </summary>
internal static class EtfClientRules
{
    public static bool UsesBinaryKeys(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2 || payload[0] != EtfTag.Version)
        {
            return true; // The decoder reports the real problem.
        }

        var position = 1;
        try
        {
            return Check(payload, ref position, 0);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return true;
        }
    }

    private static bool Check(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        if (depth > 128)
        {
            return true;
        }

        var tag = data[position++];
        switch (tag)
        {
            case EtfTag.SmallInteger:
                position += 1;
                return true;
            case EtfTag.IntegerExt:
                position += 4;
                return true;
            case EtfTag.NewFloat:
                position += 8;
                return true;
            case EtfTag.FloatExt:
                position += 31;
                return true;
            case EtfTag.Atom or EtfTag.AtomUtf8 or EtfTag.StringExt:
                position += 2 + BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
                return true;
            case EtfTag.SmallAtom or EtfTag.SmallAtomUtf8:
                position += 1 + data[position];
                return true;
            case EtfTag.Binary:
                position += 4 + (int)BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
                return true;
            case EtfTag.SmallBig:
                position += 2 + data[position];
                return true;
            case EtfTag.LargeBig:
                position += 5 + (int)BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
                return true;
            case EtfTag.Nil:
                return true;
            case EtfTag.SmallTuple or EtfTag.LargeTuple or EtfTag.List:
                var count = tag == EtfTag.SmallTuple ? data[position++] : (int)BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
                position += tag == EtfTag.SmallTuple ? 0 : 4;
                for (var i = 0; i < count; i++)
                {
                    if (!Check(data, ref position, depth + 1))
                    {
                        return false;
                    }
                }

                return tag != EtfTag.List || Check(data, ref position, depth + 1);
            case EtfTag.Map:
                var pairs = (int)BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
                position += 4;
                for (var i = 0; i < pairs; i++)
                {
                    if (data[position] != EtfTag.Binary || !Check(data, ref position, depth + 1) || !Check(data, ref position, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
