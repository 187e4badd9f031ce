using System.Buffers;
using System.Text.Json;
using Cortex.Discord.Codecs;

namespace Cortex.Gateway.Cache;

internal static partial class GuildCreateReader
{
    private static readonly SearchValues<byte> ScalarEnds = SearchValues.Create(",} \t\r\n"u8);

    /// <summary>
    /// The top-level members of a JSON object as (key, raw value) pairs, found by matching brackets and quotes
    /// (<see cref="JsonValueBounds"/>) rather than by tokenizing every value. Keys are compared as written: Discord's
    /// keys have no escapes, and an escaped key merely goes unrecognised.
    /// </summary>
    private ref struct TopLevel(ReadOnlySpan<byte> json)
    {
        private readonly ReadOnlySpan<byte> _json = json;
        private int _at = -1;

        /// <summary>The current member's key, as written between its quotes.</summary>
        public ReadOnlySpan<byte> Key { get; private set; }

        /// <summary>The current member's value, whole (brackets or quotes included).</summary>
        public ReadOnlySpan<byte> Value { get; private set; }

        public bool MoveNext()
        {
            var i = SkipSpace(_at < 0 ? Open() : _at);
            if (i < _json.Length && _json[i] == (byte)'}')
            {
                return false;
            }

            var keyEnd = _json[i] == (byte)'"' ? JsonValueBounds.EndOfString(_json, i) : -1;
            var colon = keyEnd < 0 ? -1 : SkipSpace(keyEnd);
            if (colon < 0 || colon >= _json.Length || _json[colon] != (byte)':')
            {
                throw Malformed(i);
            }

            var start = SkipSpace(colon + 1);
            var end = start >= _json.Length ? -1 : _json[start] switch
            {
                (byte)'{' or (byte)'[' => JsonValueBounds.EndOf(_json, start),
                (byte)'"' => JsonValueBounds.EndOfString(_json, start),
                _ => ScalarEnd(start),
            };
            if (end < 0)
            {
                throw Malformed(start);
            }

            Key = _json[(i + 1)..(keyEnd - 1)];
            Value = _json[start..end];
            _at = SkipSpace(end);
            if (_at < _json.Length && _json[_at] == (byte)',')
            {
                _at++;
            }
            else if (_at >= _json.Length || _json[_at] != (byte)'}')
            {
                throw Malformed(_at);
            }

            return true;
        }

        private readonly int Open()
        {
            var i = SkipSpace(0);
            return i < _json.Length && _json[i] == (byte)'{' ? i + 1 : throw Malformed(i);
        }

        private readonly int SkipSpace(int i)
        {
            while (i < _json.Length && _json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }

            if (i >= _json.Length)
            {
                throw Malformed(i);
            }

            return i;
        }

        // true, false, null or a number: up to the next separator.
        private readonly int ScalarEnd(int start)
        {
            var length = _json[start..].IndexOfAny(ScalarEnds);
            return length <= 0 ? -1 : start + length;
        }

        private static JsonException Malformed(int at) => new($"GUILD_CREATE is not a well-formed JSON object (at byte {at}).");
    }
}
