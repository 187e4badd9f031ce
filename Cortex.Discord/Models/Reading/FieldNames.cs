using System.Numerics;
using System.Text;

namespace Cortex.Discord.Models;

/// <summary>
/// The JSON names of an object's fields, one per member of an enum (<c>MentionEveryone</c> is <c>mention_everyone</c>), found
/// by a hash of the name's length and three of its bytes and one comparison, whatever the order the fields come in. A chain
/// of comparisons cost the message reader a third of its time: ten or more per name on a 20-field object.
/// </summary>
internal sealed class FieldNames
{
    private readonly byte[][] _names;
    private readonly byte[] _slots; // a name's index + 1 by hash, 0 when empty; open addressing, a quarter full at most
    private readonly int _mask;

    public FieldNames(Type fields)
    {
        _names = [.. Enum.GetNames(fields).Select(name => Encoding.UTF8.GetBytes(SnakeCase(name)))];
        _slots = new byte[BitOperations.RoundUpToPowerOf2((uint)_names.Length * 4)];
        _mask = _slots.Length - 1;
        for (var index = 0; index < _names.Length; index++)
        {
            var slot = Hash(_names[index]) & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = (byte)(index + 1);
        }
    }

    /// <summary>The enum value named exactly <paramref name="name"/> (unescaped UTF-8), or -1.</summary>
    public int Find(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return -1;
        }

        for (var slot = Hash(name) & _mask; _slots[slot] != 0; slot = (slot + 1) & _mask)
        {
            var index = _slots[slot] - 1;
            if (name.SequenceEqual(_names[index]))
            {
                return index;
            }
        }

        return -1;
    }

    private static int Hash(ReadOnlySpan<byte> name) => (name.Length * 31) + (name[0] * 7) + (name[^1] * 3) + name[name.Length / 2];

    private static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : "_") + char.ToLowerInvariant(c) : c.ToString()));
}
