using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// One integer a handler takes from the route or the query string, and the rule its text must
/// follow: canonical decimal (digits, a minus sign where negatives are possible, no plus sign,
/// space or leading zero), inside the type's range, inside its <see cref="RangeAttribute"/>; a
/// <c>long</c>/<c>ulong</c> named <c>…Id</c> is a Discord snowflake, 1 to 2^63-1.
/// </summary>
internal sealed record NumericParameter(string Name, bool FromRoute, Int128 Min, Int128 Max, bool Snowflake)
{
    public static IEnumerable<NumericParameter> Of(MethodInfo handler, RoutePattern? route)
    {
        foreach (var parameter in handler.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (!IsInteger(type, out var min, out var max) || parameter.Name is null
                || parameter.GetCustomAttribute<FromHeaderAttribute>() is not null || parameter.GetCustomAttribute<FromBodyAttribute>() is not null)
            {
                continue;
            }

            var routeName = parameter.GetCustomAttribute<FromRouteAttribute>()?.Name ?? parameter.Name;
            var fromRoute = route?.GetParameter(routeName) is not null;
            var name = fromRoute ? routeName : parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name;
            var snowflake = (type == typeof(long) || type == typeof(ulong)) && name.EndsWith("Id", StringComparison.OrdinalIgnoreCase);
            if (snowflake)
            {
                (min, max) = (1, long.MaxValue);
            }

            if (parameter.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                min = Int128.Max(min, ToInt128(range.Minimum));
                max = Int128.Min(max, ToInt128(range.Maximum));
            }

            yield return new NumericParameter(name, fromRoute, min, max, snowflake);
        }
    }

    /// <summary>Null when <paramref name="text"/> is acceptable, else the rule it broke.</summary>
    public string? Check(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        var canonical = digits.Length is > 0 and <= 39 && !digits.ContainsAnyExceptInRange('0', '9') && (digits.Length == 1 || digits[0] != '0')
            && !(text.StartsWith('-') && digits is "0");
        if (!canonical || !Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < Min || value > Max)
        {
            return Snowflake
                ? $"must be a Discord snowflake: a decimal integer from 1 to {long.MaxValue}, digits only, no sign, space or leading zero"
                : $"must be a decimal integer from {Min} to {Max}, digits only, no plus sign, space or leading zero";
        }

        return null;
    }

    private static Int128 ToInt128(object bound) => bound switch
    {
        int i => i,
        long l => l,
        double d => (Int128)d,
        _ => Int128.Parse(Convert.ToString(bound, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };

    private static bool IsInteger(Type type, out Int128 min, out Int128 max)
    {
        (min, max) = type switch
        {
            _ when type == typeof(int) => (int.MinValue, int.MaxValue),
            _ when type == typeof(long) => (long.MinValue, long.MaxValue),
            _ when type == typeof(ulong) => (0, ulong.MaxValue),
            _ when type == typeof(uint) => (0, uint.MaxValue),
            _ when type == typeof(short) => (short.MinValue, short.MaxValue),
            _ => ((Int128)0, (Int128)(-1)),
        };
        return max >= min;
    }
}
