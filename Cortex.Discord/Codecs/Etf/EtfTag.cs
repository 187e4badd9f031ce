namespace Cortex.Discord.Codecs.Etf;

/// <summary>Tags of Erlang's external term format (erl_ext_dist) that Discord's payloads use.</summary>
public static class EtfTag
{
#pragma warning disable CS1591 // The names are those of the erl_ext_dist specification.
    public const byte Version = 131;
    public const byte Compressed = 80;
    public const byte NewFloat = 70;
    public const byte SmallInteger = 97;
    public const byte IntegerExt = 98;
    public const byte FloatExt = 99;
    public const byte Atom = 100;
    public const byte SmallTuple = 104;
    public const byte LargeTuple = 105;
    public const byte Nil = 106;
    public const byte StringExt = 107;
    public const byte List = 108;
    public const byte Binary = 109;
    public const byte SmallBig = 110;
    public const byte LargeBig = 111;
    public const byte SmallAtom = 115;
    public const byte Map = 116;
    public const byte AtomUtf8 = 118;
    public const byte SmallAtomUtf8 = 119;
#pragma warning restore CS1591
}
